package teal_test

import (
	"net/http"
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

// An account of the user looked up by email, created only when the user is authorised.
func authorisedAccount(email string) string {
	return ephemeralVariables + `
data "accounts_teal_user" "owner" {
  email = "` + email + `"
}

resource "accounts_teal_payroll_account" "test" {
  user_id          = data.accounts_teal_user.owner.user_id
  payroll_provider = "` + fakeserver.TealProviderCredentials + `"
` + login + `
  lifecycle {
    precondition {
      condition     = data.accounts_teal_user.owner.authorised
      error_message = "The user has no active Teal authorisation: record one with POST /authorisations first."
    }
  }
}
`
}

func TestAccTealUserDataSource_byEachKeyGuardsAnAccount(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	user := func(address, id, authorisation string) []statecheck.StateCheck {
		var authorisationID knownvalue.Check = knownvalue.Null()
		if authorisation != "" {
			authorisationID = knownvalue.StringExact(authorisation)
		}
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(address, tfjsonpath.New("user_id"), knownvalue.StringExact(id)),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("authorised"), knownvalue.Bool(authorisation != "")),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("authorisation_id"), authorisationID),
		}
	}
	checks := append(user("data.accounts_teal_user.jane", fakeserver.TealUserID, fakeserver.TealAuthorisationID),
		user("data.accounts_teal_user.sam", fakeserver.TealUserWithoutAuthorisation, "")...)
	checks = append(checks, user("data.accounts_teal_user.rita", fakeserver.TealUserRevokedID, "")...)
	checks = append(checks, statecheck.ExpectKnownValue("data.accounts_teal_user.jane", tfjsonpath.New("email"), knownvalue.StringExact("jane.fake@example.com")),
		statecheck.ExpectKnownValue("data.accounts_teal_user.jane", tfjsonpath.New("name"), knownvalue.StringExact("Jane Fake")))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories, TerraformVersionChecks: writeOnlyTerraform,
		Steps: []resource.TestStep{
			{
				Config: f.Config(`
data "accounts_teal_user" "jane" { user_id = "` + fakeserver.TealUserID + `" }
data "accounts_teal_user" "sam" { email = "sam.noconsent@example.com" }
data "accounts_teal_user" "rita" { user_id = "` + fakeserver.TealUserRevokedID + `" }
`),
				ConfigStateChecks: checks,
			},
			{
				Config: f.Config(authorisedAccount("sam.noconsent@example.com")), ConfigVariables: variables("pw", ""), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Resource precondition failed(.|\n)*no active Teal authorisation`),
			},
			{
				Config: f.Config(authorisedAccount("jane.fake@example.com")), ConfigVariables: variables("pw", ""),
				Check: checkServerHolds(f, nil),
			},
			{
				Config: f.Config(authorisedAccount("jane.fake@example.com")), ConfigVariables: variables("pw", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccTealUserDataSource_noneOrSeveralMatch(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	planFails := func(body, message string) resource.TestStep {
		return resource.TestStep{Config: f.Config(body), PlanOnly: true, ExpectError: acctest.ErrorMatching(message)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			planFails(`data "accounts_teal_user" "x" { email = "Jane.Fake@example.com" }`,
				`No Teal user matches .* No Teal user has email = "Jane.Fake@example.com". Emails are matched exactly`),
			planFails(`data "accounts_teal_user" "x" { user_id = "00000000-0000-4000-8000-000000000000" }`,
				`No Teal user matches .* No Teal user has user_id = "00000000-0000-4000-8000-000000000000"`),
			{
				PreConfig: func() { f.SeedTealUser("Jane Again", "jane.fake@example.com") },
				Config:    f.Config(`data "accounts_teal_user" "x" { email = "jane.fake@example.com" }`), PlanOnly: true,
				ExpectError: acctest.ErrorMatching(`More than one Teal user matches .* 2 Teal users have email = "jane.fake@example.com", which should ` +
					`name one: "Jane Fake" (user_id ` + fakeserver.TealUserID + `), "Jane Again" (user_id .* look the user up by user_id instead`),
			},
		},
	})
}

func TestAccTealUserDataSource_badConfiguration(t *testing.T) {
	t.Parallel()
	acctest.BadConfigs{
		Type: "accounts_teal_user", DataSource: true,
		Valid:   []string{`user_id = "` + fakeserver.TealUserID + `"`},
		Create:  acctest.Route{API: fakeserver.APITeal, Method: http.MethodGet, Path: "/users"},
		NewFake: newFake,
		Rows: []acctest.BadConfig{
			{Name: "neither key", Set: []string{`user_id = null`}, Path: "user_id",
				Error: `Missing Attribute Configuration .* Exactly one of these attributes must be configured: [user_id,email]`},
			{Name: "both keys", Set: []string{`email = "jane.fake@example.com"`}, Path: "email",
				Error: `Invalid Attribute Combination .* Exactly one of these attributes must be configured: [user_id,email]`},
			{Name: "empty email", Set: []string{`user_id = null`, `email = ""`}, Path: "email", Error: "Attribute email string length must be at least 1, got: 0"},
			{Name: "authorised set", Set: []string{`authorised = true`}, Path: "authorised", Error: `Invalid Configuration for Read-Only Attribute .* authorised`},
		},
	}.Run(t)
}
