package b3os_test

import (
	"fmt"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
)

func listBlock(name, config string) string {
	return acctest.ListBlock("accounts_b3os_service_account", name, config)
}

func TestAccB3OSServiceAccountList_pagesAndFilters(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	var all, ci, disabledCI []string
	for i := range 150 {
		name, status := fmt.Sprintf("app-%03d", i), "active"
		if i%10 == 0 {
			name = fmt.Sprintf("ci-%03d", i)
		}
		if i%20 == 0 {
			status = "disabled"
		}
		id := f.SeedB3OSServiceAccount(name, status, "org:read")
		all = append(all, id)
		if name[:3] == "ci-" {
			ci = append(ci, id)
			if status == "disabled" {
				disabledCI = append(disabledCI, id)
			}
		}
	}
	// Two pages of 100 for each of the three blocks.
	mark, pages := f.RequestsDuring("b3os", "GET", "/v1/service-accounts", 3*2)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.QueryVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: f.ProviderConfig()},
			{
				PreConfig: mark,
				Query:     true,
				Config: listBlock("all", "  limit = 1000\n  config {}") +
					listBlock("ci", "  config {\n    name_prefix = \"ci-\"\n  }") +
					listBlock("disabled_ci", "  config {\n    name_prefix = \"ci-\"\n    status      = \"disabled\"\n  }"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					acctest.QueryCheck(func(results []tfjson.ListResourceFoundData) error {
						return acctest.SameIdentities(acctest.ResultsOf(results, "accounts_b3os_service_account.all"), "id", all)
					}),
					acctest.QueryCheck(func(results []tfjson.ListResourceFoundData) error {
						return acctest.SameIdentities(acctest.ResultsOf(results, "accounts_b3os_service_account.ci"), "id", ci)
					}),
					acctest.QueryCheck(func(results []tfjson.ListResourceFoundData) error {
						return acctest.SameIdentities(acctest.ResultsOf(results, "accounts_b3os_service_account.disabled_ci"), "id", disabledCI)
					}),
					pages,
				},
			},
		},
	})
}

func TestAccB3OSServiceAccount_importByIdentityThenList(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	id := f.SeedB3OSServiceAccount("deployer", "active", "org:read", "ai:chat")
	var read map[string]any
	// The list request alone: no GET per service account.
	mark, reads := f.RequestsDuring("b3os", "GET", "/v1/service-accounts", 1)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.QueryVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Import by identity; the plan after it is empty.
				Config: f.Config(acctest.ImportByIdentity(address, map[string]string{"id": id}) +
					serviceAccountConfig("deployer", "", "org:read", "ai:chat")),
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
				Config:    listBlock("all", "  include_resource = true\n  config {}"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("accounts_b3os_service_account.all", 1),
					reads,
					acctest.ExpectResourceAsRead("accounts_b3os_service_account.all", &read),
				},
			},
		},
	})
}
