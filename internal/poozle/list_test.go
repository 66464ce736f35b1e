package poozle_test

import (
	"fmt"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

func TestAccPoozleIntegrationAccount_importByIdentity(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := f.Config(account{name: "ci", body: apiKeyConfig}.hcl())
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.IdentityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New("id")),
				},
			},
			{Config: config, ResourceName: address, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}

// seeded is a workspace's accounts made outside Terraform: three GitHub and one Jira account,
// and one GitHub account of another workspace.
func seeded(f *acctest.Fake) (github, jira []string) {
	for i := range 3 {
		github = append(github, f.SeedPoozleAccount(fakeserver.PoozleWorkspaceID, fakeserver.PoozleGitHubDefinitionID,
			fmt.Sprintf("github-%d", i), map[string]any{"api_key": fmt.Sprintf("key-%d", i), "org": "acme"}))
	}
	jira = append(jira, f.SeedPoozleAccount(fakeserver.PoozleWorkspaceID, fakeserver.PoozleJiraDefinitionID, "jira", map[string]any{"api_key": "j"}))
	f.SeedPoozleAccount(fakeserver.PoozleSecondWorkspaceID, fakeserver.PoozleGitHubDefinitionID, "elsewhere", map[string]any{"api_key": "e"})
	return github, jira
}

func TestAccPoozleIntegrationAccountList_byWorkspaceAndDefinition(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	github, jira := seeded(f)
	workspace := fmt.Sprintf("workspace_id = %q", fakeserver.PoozleWorkspaceID)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.QueryVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: f.ProviderConfig()},
			{
				Query: true,
				Config: listBlock("all", "  config {\n    "+workspace+"\n  }") +
					listBlock("github", fmt.Sprintf("  config {\n    %s\n    integration_definition_id = %q\n  }", workspace, fakeserver.PoozleGitHubDefinitionID)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("accounts_poozle_integration_account.all", 4),
					querycheck.ExpectLength("accounts_poozle_integration_account.github", 3),
					acctest.QueryCheck(func(results []tfjson.ListResourceFoundData) error {
						return acctest.SameIdentities(acctest.ResultsOf(results, "accounts_poozle_integration_account.all"), "id", append(github, jira...))
					}),
					acctest.QueryCheck(func(results []tfjson.ListResourceFoundData) error {
						return acctest.SameIdentities(acctest.ResultsOf(results, "accounts_poozle_integration_account.github"), "id", github)
					}),
				},
			},
		},
	})
}

func TestAccPoozleIntegrationAccountList_includeResourceIsWhatReadHolds(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	id := f.SeedPoozleAccount(fakeserver.PoozleWorkspaceID, fakeserver.PoozleGitHubDefinitionID, "ci", map[string]any{"api_key": "key-1", "org": "acme"})
	var read map[string]any
	// The list request alone: no GET per account.
	mark, reads := f.RequestsDuring("poozle", "GET", "/v1/integration_account", 1)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.QueryVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Import by identity; the plan after it is empty.
				Config: f.Config(acctest.ImportByIdentity(address, map[string]string{"id": id}) +
					account{name: "ci", body: apiKeyConfig}.hcl()),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(address, map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}),
					acctest.CaptureState(address, &read),
				},
			},
			{
				PreConfig: mark,
				Query:     true,
				Config:    listBlock("all", fmt.Sprintf("  include_resource = true\n  config {\n    workspace_id = %q\n  }", fakeserver.PoozleWorkspaceID)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("accounts_poozle_integration_account.all", 1),
					acctest.ExpectResourceAsRead("accounts_poozle_integration_account.all", &read),
					reads,
				},
			},
		},
	})
}

func listBlock(name, config string) string {
	return acctest.ListBlock("accounts_poozle_integration_account", name, config)
}
