package poozle_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

func definitionBlock(name, lookup string) string {
	return fmt.Sprintf("data \"accounts_poozle_integration_definition\" %q {\n  workspace_id = %q\n  %s\n}\n", name, fakeserver.PoozleWorkspaceID, lookup)
}

// An account whose definition id, auth type and config keys come from the definition looked up
// by key; the same definition by name.
var definitionFeedsAnAccount = definitionBlock("github", `key = "github"`) + definitionBlock("by_name", `name = "Github"`) + `
resource "accounts_poozle_integration_account" "test" {
  workspace_id              = data.accounts_poozle_integration_definition.github.workspace_id
  integration_definition_id = data.accounts_poozle_integration_definition.github.id
  auth_type                 = "Api Key"
  name                      = "from-data-source"
  config = { for k in data.accounts_poozle_integration_definition.github.auth_types["Api Key"].config_keys : k => "value-of-${k}" }
}
`

func TestAccPoozleIntegrationDefinitionDataSource_byEachKeyFeedsAnAccount(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	checks := func(address string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(fakeserver.PoozleGitHubDefinitionID)),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("key"), knownvalue.StringExact("github")),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact("Github")),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("integration_type"), knownvalue.StringExact("TICKETING")),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("auth_types"), knownvalue.MapExact(map[string]knownvalue.Check{
				"Api Key": knownvalue.ObjectExact(map[string]knownvalue.Check{"config_keys": knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("api_key"), knownvalue.StringExact("org")})}),
				"OAuth2": knownvalue.ObjectExact(map[string]knownvalue.Check{"config_keys": knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("client_id"), knownvalue.StringExact("client_secret"), knownvalue.StringExact("org"),
					knownvalue.StringExact("refresh_token"), knownvalue.StringExact("scope")})}),
			})),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccounts(f),
		Steps: []resource.TestStep{
			{
				Config:            f.Config(definitionFeedsAnAccount),
				ConfigStateChecks: append(checks("data.accounts_poozle_integration_definition.github"), checks("data.accounts_poozle_integration_definition.by_name")...),
				Check: checkHolds(f, "from-data-source", func(a fakeserver.PoozleIntegrationAccount) error {
					if a.IntegrationDefinitionID != fakeserver.PoozleGitHubDefinitionID {
						return fmt.Errorf("the account's definition is %s, want %s", a.IntegrationDefinitionID, fakeserver.PoozleGitHubDefinitionID)
					}
					return configEquals(map[string]any{"api_key": "value-of-api_key", "org": "value-of-org"})(a)
				}),
			},
			{Config: f.Config(definitionFeedsAnAccount), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccPoozleIntegrationDefinitionDataSource_noneOrSeveralMatch(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	planFails := func(lookup, message string) resource.TestStep {
		return resource.TestStep{Config: f.Config(definitionBlock("x", lookup)), PlanOnly: true, ExpectError: acctest.ErrorMatching(message)}
	}
	var own string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			planFails(`key = "gitlab"`, `No Poozle integration definition matches .* No Poozle integration definition has workspace_id = "`+
				fakeserver.PoozleWorkspaceID+`" and key = "gitlab". The workspace can use: "Github" (key github, id `+fakeserver.PoozleGitHubDefinitionID+
				`), "Jira" (key jira, id `+fakeserver.PoozleJiraDefinitionID+`)`),
			planFails(`name = "github"`, `No Poozle integration definition matches .* and name = "github"`),
			{
				PreConfig: func() {
					own = f.SeedPoozleDefinition(fakeserver.PoozleWorkspaceID, "Github", "github-enterprise", fakeserver.PoozleGitHubDefinitionID)
				},
				Config: f.Config(definitionBlock("x", `name = "Github"`)), PlanOnly: true,
				ExpectError: acctest.ErrorMatching(`More than one Poozle integration definition matches .* 2 Poozle integration definitions have ` +
					`workspace_id = .* and name = "Github", which should name one: "Github" (key github, .*"Github" (key github-enterprise, .* ` +
					`Look the definition up by key instead`),
			},
			{
				// The workspace's own definition, told apart by its key; another workspace does not see it.
				Config: f.Config(definitionBlock("own", `key = "github-enterprise"`)),
				Check: func(s *terraform.State) error {
					return resource.TestCheckResourceAttr("data.accounts_poozle_integration_definition.own", "id", own)(s)
				},
			},
			{
				Config: f.Config(`data "accounts_poozle_integration_definition" "x" {
  workspace_id = "` + fakeserver.PoozleSecondWorkspaceID + `"
  key          = "github-enterprise"
}`), PlanOnly: true,
				ExpectError: acctest.ErrorMatching(`No Poozle integration definition matches`),
			},
		},
	})
}

func TestAccPoozleIntegrationDefinitionDataSource_badConfiguration(t *testing.T) {
	t.Parallel()
	acctest.BadConfigs{
		Type: "accounts_poozle_integration_definition", DataSource: true,
		Valid:   []string{`workspace_id = "` + fakeserver.PoozleWorkspaceID + `"`, `key = "github"`},
		Create:  acctest.Route{API: fakeserver.APIPoozle, Method: http.MethodGet, Path: "/v1/integration_definition"},
		NewFake: acctest.NewFake,
		Rows: []acctest.BadConfig{
			{Name: "no workspace", Set: []string{`workspace_id = null`}, Path: "workspace_id",
				Error: "Missing Configuration for Required Attribute .* Must set a configuration value for the workspace_id attribute"},
			{Name: "neither key nor name", Set: []string{`key = null`}, Path: "name",
				Error: `Missing Attribute Configuration .* Exactly one of these attributes must be configured: [key,name]`},
			{Name: "key and name", Set: []string{`name = "Github"`}, Path: "name",
				Error: `Invalid Attribute Combination .* Exactly one of these attributes must be configured: [key,name]`},
			{Name: "empty key", Set: []string{`key = ""`}, Path: "key", Error: "Attribute key string length must be at least 1, got: 0"},
			{Name: "id set", Set: []string{`id = "` + fakeserver.PoozleGitHubDefinitionID + `"`}, Path: "id",
				Error: `Invalid Configuration for Read-Only Attribute .* id`},
			{Name: "workspace, from another resource", Path: "workspace_id", From: `""`,
				Set: []string{`workspace_id = terraform_data.x.output`}, Error: "Attribute workspace_id string length must be at least 1, got: 0"},
		},
	}.Run(t)
}
