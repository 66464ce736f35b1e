package b3os_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// A new service account takes its permissions from one looked up by name; the same one by id.
const copiesPermissions = `
data "accounts_b3os_service_account" "template" {
  name = "template"
}

data "accounts_b3os_service_account" "by_id" {
  id = data.accounts_b3os_service_account.template.id
}

resource "accounts_b3os_service_account" "test" {
  name        = "copy"
  permissions = data.accounts_b3os_service_account.by_id.permissions
}
`

func TestAccB3OSServiceAccountDataSource_byEachKeyFeedsAServiceAccount(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	templateID := f.SeedB3OSServiceAccount("template", "disabled", "workflow:read", "run:read")
	checks := func(address string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(templateID)),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact("template")),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("permissions"), knownvalue.SetExact([]knownvalue.Check{
				knownvalue.StringExact("workflow:read"), knownvalue.StringExact("run:read")})),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("disabled"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("disabled")),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("disabled_at"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("organization_id"), knownvalue.StringExact(fakeserver.B3OSOrganizationID)),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("description"), knownvalue.Null()),
		}
	}
	copied := acctest.Held[fakeserver.B3OSServiceAccount]{
		What: `service accounts named "copy"`, ID: func(sa fakeserver.B3OSServiceAccount) string { return sa.ID },
		Find: func(f *acctest.Fake) []fakeserver.B3OSServiceAccount {
			return slices.DeleteFunc(f.State().B3OS.ServiceAccounts, func(sa fakeserver.B3OSServiceAccount) bool { return sa.Name != "copy" })
		},
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            f.Config(copiesPermissions),
				ConfigStateChecks: append(checks("data.accounts_b3os_service_account.template"), checks("data.accounts_b3os_service_account.by_id")...),
				Check:             acctest.CheckHoldsOne(f, address, copied, holding("copy", "", "active", "run:read", "workflow:read")),
			},
			{Config: f.Config(copiesPermissions), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccB3OSServiceAccountDataSource_noneOrSeveralMatch(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	first := f.SeedB3OSServiceAccount("twin", "active", "run:read")
	planFails := func(body, message string) resource.TestStep {
		return resource.TestStep{Config: f.Config(body), PlanOnly: true, ExpectError: acctest.ErrorMatching(message)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			planFails(`data "accounts_b3os_service_account" "x" { name = "Twin" }`,
				`No B3OS service account matches .* No B3OS service account has name = "Twin". Names are matched exactly`),
			planFails(`data "accounts_b3os_service_account" "x" { id = "sa_000000000000000000000000" }`,
				`No B3OS service account matches .* No B3OS service account has id = "sa_000000000000000000000000"`),
			{
				PreConfig: func() { f.SeedB3OSServiceAccount("twin", "active", "workflow:read") },
				Config:    f.Config(`data "accounts_b3os_service_account" "x" { name = "twin" }`), PlanOnly: true,
				ExpectError: acctest.ErrorMatching(`More than one B3OS service account matches .* 2 B3OS service accounts have name = "twin", ` +
					`which should name one: "twin" (id ` + first + `), "twin" (id sa_.* Look the service account up by id instead`),
			},
		},
	})
}

func TestAccB3OSServiceAccountDataSource_badConfiguration(t *testing.T) {
	t.Parallel()
	acctest.BadConfigs{
		Type: "accounts_b3os_service_account", DataSource: true,
		Valid:   []string{`name = "ci-bot"`},
		Create:  acctest.Route{API: fakeserver.APIB3OS, Method: http.MethodGet, Path: "/v1/service-accounts"},
		NewFake: acctest.NewFake,
		Rows: []acctest.BadConfig{
			{Name: "neither key", Set: []string{`name = null`}, Path: "name",
				Error: `Missing Attribute Configuration .* Exactly one of these attributes must be configured: [id,name]`},
			{Name: "both keys", Set: []string{`id = "sa_000000000000000000000000"`}, Path: "name",
				Error: `Invalid Attribute Combination .* Exactly one of these attributes must be configured: [id,name]`},
			{Name: "empty name", Set: []string{`name = ""`}, Path: "name", Error: "Attribute name string length must be at least 1, got: 0"},
			{Name: "permissions set", Set: []string{`permissions = ["run:read"]`}, Path: "permissions",
				Error: `Invalid Configuration for Read-Only Attribute .* permissions`},
			{Name: "name, from another resource", Path: "name", From: `""`,
				Set: []string{`name = terraform_data.x.output`}, Error: "Attribute name string length must be at least 1, got: 0"},
		},
	}.Run(t)
}
