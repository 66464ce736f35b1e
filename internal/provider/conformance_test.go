package provider_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

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
	benchKinds := readFiles(t, filepath.Join(repo, "internal", "bench", "kinds_*.go"))
	fakeSettings := acctest.FakeSettings("http://127.0.0.1:1")
	for _, api := range provider.APIs {
		if !slices.Contains(fakeserver.APIs(), api.Name) {
			t.Errorf("%s: the fake server does not serve it (fakeserver.New)", api.Name)
		}
		sensitive := 0
		for _, s := range api.Settings {
			value := fakeSettings[api.Name+"."+s.Name]
			if s.Required && s.Default == "" && value == "" {
				t.Errorf("%s: acctest.FakeSettings does not set %s.%s", api.Name, api.Name, s.Name)
			}
			if s.Sensitive {
				sensitive++
			}
			if s.Sensitive && !slices.Contains(fakeserver.DevelopmentSecrets(), value) {
				t.Errorf("%s.%s: the fake's value is not among fakeserver.DevelopmentSecrets, which the secrets audit looks for", api.Name, s.Name)
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
			if !strings.Contains(benchKinds, `"`+typeName+`"`) {
				t.Errorf("%s: no bench entry in internal/bench/kinds_*.go", typeName)
			}
		}
		for kind, names := range map[string][]string{
			"list-resources": typeNames(api.ListResources), "data-sources": typeNames(api.DataSources),
			"ephemeral-resources": typeNames(api.EphemeralResources), "actions": typeNames(api.Actions),
		} {
			for _, typeName := range names {
				mustExist(t, filepath.Join(repo, "docs", kind, strings.TrimPrefix(typeName, "accounts_")+".md"))
				mustExist(t, filepath.Join(repo, "examples", kind, typeName))
			}
		}
	}
}

// typeNames are the type names the constructors' values give themselves, whatever their kind:
// each kind's Metadata takes its own request and response types, of the same shape.
func typeNames[T any](constructors []func() T) []string {
	var names []string
	for _, construct := range constructors {
		metadata := reflect.ValueOf(construct()).MethodByName("Metadata")
		request, response := reflect.New(metadata.Type().In(1)).Elem(), reflect.New(metadata.Type().In(2).Elem())
		request.FieldByName("ProviderTypeName").SetString("accounts")
		metadata.Call([]reflect.Value{reflect.ValueOf(context.Background()), request, response})
		names = append(names, response.Elem().FieldByName("TypeName").String())
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

// readFiles is the content of the files matching pattern, one after the other.
func readFiles(t *testing.T, pattern string) string {
	t.Helper()
	names, err := filepath.Glob(pattern)
	if err != nil || len(names) == 0 {
		t.Fatalf("no file matches %s", pattern)
	}
	var all strings.Builder
	for _, name := range names {
		all.WriteString(readFile(t, name))
	}
	return all.String()
}

func mustExist(t *testing.T, name string) {
	t.Helper()
	if _, err := os.Stat(name); err != nil {
		t.Errorf("missing %s", name)
	}
}
