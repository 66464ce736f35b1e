package provider_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/provider"
)

// Every API the provider serves comes with what a user and the test suites need of it: docs and
// examples for each of its types (data sources included), a fake, settings pointing at the fake, a chaos kind and a
// bench entry for each resource type, and a credential the secrets audit knows of.
func TestEveryAPIHasDocsExamplesFakeChaosBenchAndSecrets(t *testing.T) {
	repo := filepath.Join("..", "..")
	chaosKinds := readFile(t, filepath.Join(repo, "internal", "chaos", "kinds_test.go"))
	benchScenarios := readFile(t, filepath.Join(repo, "internal", "bench", "scenarios.go"))
	fakeSettings := acctest.FakeSettings("http://127.0.0.1:1")
	for _, api := range provider.APIs {
		if !slices.Contains(fakeserver.APIs(), api.Name) {
			t.Errorf("%s: the fake server does not serve it (fakeserver.New)", api.Name)
		}
		sensitive := 0
		for _, s := range api.Settings {
			if s.Required && s.Default == "" && fakeSettings[api.Name+"."+s.Name] == "" {
				t.Errorf("%s: acctest.FakeSettings does not set %s.%s", api.Name, api.Name, s.Name)
			}
			if s.Sensitive {
				sensitive++
			}
		}
		if sensitive == 0 {
			t.Errorf("%s: no setting is marked Sensitive, so the secrets audit and the masks know no credential", api.Name)
		}
		for _, typeName := range typeNames(api.Resources) {
			short := strings.TrimPrefix(typeName, "accounts_")
			mustExist(t, filepath.Join(repo, "docs", "resources", short+".md"))
			mustExist(t, filepath.Join(repo, "examples", "resources", typeName, "resource.tf"))
			if !strings.Contains(chaosKinds, `"`+typeName+`"`) {
				t.Errorf("%s: no chaos kind in internal/chaos/kinds_test.go", typeName)
			}
			if !strings.Contains(benchScenarios, `"`+typeName+`"`) {
				t.Errorf("%s: no bench entry in internal/bench/scenarios.go", typeName)
			}
		}
		for _, construct := range api.DataSources {
			var resp datasource.MetadataResponse
			construct().Metadata(context.Background(), datasource.MetadataRequest{ProviderTypeName: "accounts"}, &resp)
			mustExist(t, filepath.Join(repo, "docs", "data-sources", strings.TrimPrefix(resp.TypeName, "accounts_")+".md"))
			mustExist(t, filepath.Join(repo, "examples", "data-sources", resp.TypeName, "data-source.tf"))
		}
		for _, typeName := range typeNames(api.ListResources) {
			mustExist(t, filepath.Join(repo, "docs", "list-resources", strings.TrimPrefix(typeName, "accounts_")+".md"))
			mustExist(t, filepath.Join(repo, "examples", "list-resources", typeName))
		}
	}
}

// typeNames are the type names the constructors' values give themselves.
func typeNames[T interface {
	Metadata(context.Context, resource.MetadataRequest, *resource.MetadataResponse)
}](constructors []func() T) []string {
	var names []string
	for _, construct := range constructors {
		var resp resource.MetadataResponse
		construct().Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: "accounts"}, &resp)
		names = append(names, resp.TypeName)
	}
	return names
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	content, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(content)
}

func mustExist(t *testing.T, name string) {
	t.Helper()
	if _, err := os.Stat(name); err != nil {
		t.Errorf("missing %s", name)
	}
}
