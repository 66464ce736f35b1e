package provider_test

import (
	"context"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/pluginserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/provider"
)

// These tests set environment variables, which the in-process provider shares with every test:
// they do not run in parallel.

const account = `
resource "accounts_isc_account" "env" {
  source_id  = "` + fakeserver.ISCFlatFileSourceID + `"
  attributes = { id = "from-env" }
}
`

func setEnv(t *testing.T, env map[string]string) {
	for name, value := range env {
		t.Setenv(name, value)
	}
}

func TestAccProvider_settingsFallBackToEnvironmentVariables(t *testing.T) {
	f := acctest.NewFake(t)
	setEnv(t, provider.Environment(acctest.FakeSettings(f.URL)))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: account,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("accounts_isc_account.env", "native_identity", "from-env"),
				f.CheckServer(func(s fakeserver.State) error {
					for _, a := range s.ISC.Accounts {
						if a.NativeIdentity == "from-env" {
							return nil
						}
					}
					return os.ErrNotExist
				}),
			),
		}},
	})
}

func TestAccProvider_missingSettingNamesAttributeAndVariable(t *testing.T) {
	f := acctest.NewFake(t)
	env := provider.Environment(acctest.FakeSettings(f.URL))
	env["SAILPOINT_CLIENT_SECRET"] = ""
	setEnv(t, env)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The other APIs' settings are absent too, and nothing asks for them.
				Config:      `provider "accounts" {}` + account,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)SailPoint ISC settings are missing: set\s+isc.client_secret\s+\(environment\s+variable\s+SAILPOINT_CLIENT_SECRET\)`),
			},
			{Config: `provider "accounts" {}`},
		},
	})
}

func TestAccProvider_invalidSettingsAreClearErrors(t *testing.T) {
	f := acctest.NewFake(t)
	setEnv(t, provider.Environment(acctest.FakeSettings(f.URL)))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      `provider "accounts" { request_timeout = "soon" }` + account,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)request_timeout.*must\s+be\s+a\s+positive\s+Go\s+duration`),
			},
			{
				Config:      `provider "accounts" { isc = { base_url = "acme.api.identitynow.com" } }` + account,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)isc.base_url.*must\s+be\s+an\s+absolute\s+http\(s\)\s+URL`),
			},
			{Config: `provider "accounts" {}`},
		},
	})
}

func TestAccProvider_baseURLsThatCannotBeTheAPIFailThePlan(t *testing.T) {
	f := acctest.NewFake(t)
	setEnv(t, provider.Environment(acctest.FakeSettings(f.URL)))
	planFails := func(setting, value, message string) resource.TestStep {
		return resource.TestStep{
			Config:      `provider "accounts" { isc = { ` + setting + ` = "` + value + `" } }` + account,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)isc.` + setting + `.*` + message),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			planFails("base_url", "https://admin:hunter2@acme.api.identitynow.com", `must\s+not\s+hold\s+a\s+user\s+name.*redacted@`),
			planFails("base_url", "https://acme.api.identitynow.com?tenant=acme", `must\s+not\s+hold\s+a\s+query`),
			planFails("token_url", "http://login.example.com/oauth/token", `plain\s+http.*allow_insecure_http`),
			{Config: `provider "accounts" {}`},
		},
	})
}

// The configuration tables of the README and of the docs' template list every setting with its
// environment variable, so that they cannot drift from the schema.
func TestConfigurationTablesListEverySetting(t *testing.T) {
	for _, file := range []string{"../../README.md", "../../templates/index.md.tmpl"} {
		content, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range provider.SettingNames() {
			row := "| `" + s[0] + "` | `" + s[1] + "` |"
			if !strings.Contains(string(content), row) {
				t.Errorf("%s has no row starting %s", file, row)
			}
		}
	}
}

// TestProviderIndexListsEverythingServed: the provider's index page names every resource, list
// resource, data source, ephemeral resource and action the provider serves.
func TestProviderIndexListsEverythingServed(t *testing.T) {
	raw, err := os.ReadFile("../../docs/index.md")
	if err != nil {
		t.Fatal(err)
	}
	index := string(raw)
	schema, err := pluginserver.New(provider.New("test")())().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	served := map[string][]string{
		"resource": slices.Collect(maps.Keys(schema.ResourceSchemas)), "list resource": slices.Collect(maps.Keys(schema.ListResourceSchemas)),
		"data source": slices.Collect(maps.Keys(schema.DataSourceSchemas)), "ephemeral resource": slices.Collect(maps.Keys(schema.EphemeralResourceSchemas)),
		"action": slices.Collect(maps.Keys(schema.ActionSchemas)),
	}
	if len(served["resource"]) == 0 {
		t.Fatal("the provider serves no resource: the schema was not read")
	}
	for kind, names := range served {
		for _, name := range names {
			if !strings.Contains(index, "`"+name+"`") {
				t.Errorf("docs/index.md does not list the %s %s", kind, name)
			}
		}
	}
}
