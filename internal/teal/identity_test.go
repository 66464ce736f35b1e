package teal_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

func TestAccTealPayrollAccount_identity(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	// Nothing an import cannot read (password_wo is write-only, so never compared), so that the
	// import by identity plans no update.
	config := f.Config(ephemeralVariables + accountConfig(fakeserver.TealProviderCredentials, `
  user_name   = "jane@example.com"
  password_wo = var.password`))
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.IdentityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          config,
				ConfigVariables: variables("pw", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(address, map[string]knownvalue.Check{
						"user_id":    knownvalue.StringExact(fakeserver.TealUserID),
						"account_id": knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`)),
					}),
					statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New("user_id")),
					statecheck.ExpectIdentityValueMatchesStateAtPath(address, tfjsonpath.New("account_id"), tfjsonpath.New("id")),
				},
				Check: checkServerHolds(f, nil),
			},
			{
				// An import block with the identity from state: the plan imports and changes nothing.
				Config:          config,
				ConfigVariables: variables("pw", ""),
				ResourceName:    address,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// importByIdentity is an import block naming a payroll account by its identity.
func importByIdentity(userID, accountID string) string {
	return acctest.ImportByIdentity(address, map[string]string{"user_id": userID, "account_id": accountID})
}

func TestAccTealPayrollAccount_importExistingByIdentity(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	id := f.SeedTealAccount(fakeserver.TealUserID, fakeserver.TealProviderSMSCode, "jane@example.com")
	config := accountConfig(fakeserver.TealProviderSMSCode, `  user_name = "jane@example.com"`)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.IdentityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      f.Config(importByIdentity("", id) + config),
				ExpectError: acctest.ErrorMatching(`Invalid import identity .* Expected both user_id and account_id, got user_id = ""`),
			},
			{
				// Another user's identity is refused before anything is imported.
				Config:      f.Config(importByIdentity(fakeserver.TealUserRevokedID, id) + config),
				ExpectError: acctest.ErrorMatching("The account belongs to another user .* Teal user " + fakeserver.TealUserRevokedID + " has no account " + id),
			},
			{
				// The import changes nothing on Teal, and the plan after it is empty.
				Config: f.Config(importByIdentity(fakeserver.TealUserID, id) + config),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(address, map[string]knownvalue.Check{
						"user_id": knownvalue.StringExact(fakeserver.TealUserID), "account_id": knownvalue.StringExact(id),
					}),
					expectString("id", id),
					expectString("user_id", fakeserver.TealUserID),
					expectString("status", "ACTIVE"),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("mfa_enabled"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerHolds(f, nil),
					f.CheckRequestCount(fakeserver.APITeal, "POST", "/accounts", 0),
					f.CheckRequestCount(fakeserver.APITeal, "PUT", "/accounts", 0),
				),
			},
		},
	})
}
