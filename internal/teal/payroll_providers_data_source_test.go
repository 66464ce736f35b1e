package teal_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

func TestAccTealPayrollProvidersDataSource_listsAndFilters(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	names := func(names ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, len(names))
		for i, n := range names {
			checks[i] = knownvalue.StringExact(n)
		}
		return knownvalue.ListExact(checks)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.Config(`
data "accounts_teal_payroll_providers" "all" {}
data "accounts_teal_payroll_providers" "oauth2" { login_method = "oauth2" }
data "accounts_teal_payroll_providers" "code" { mfa_type = "Code" }
data "accounts_teal_payroll_providers" "plain" {
  login_method = "credentials"
  mfa_type     = "none"
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.accounts_teal_payroll_providers.all", tfjsonpath.New("names"), names(
					fakeserver.TealProviderCredentials, fakeserver.TealProviderSMSCode, fakeserver.TealProviderDate,
					fakeserver.TealProviderPositions, fakeserver.TealProviderOAuth2, fakeserver.TealProviderDayforce)),
				statecheck.ExpectKnownValue("data.accounts_teal_payroll_providers.oauth2", tfjsonpath.New("names"), names(fakeserver.TealProviderOAuth2)),
				statecheck.ExpectKnownValue("data.accounts_teal_payroll_providers.code", tfjsonpath.New("payroll_providers"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name": knownvalue.StringExact(fakeserver.TealProviderSMSCode), "login_method": knownvalue.StringExact("credentials"),
						"mfa_type": knownvalue.StringExact("Code"), "mfa_source": knownvalue.StringExact("SMS"),
						"required_extra_login_params": knownvalue.ListSizeExact(0),
					}),
				})),
				statecheck.ExpectKnownValue("data.accounts_teal_payroll_providers.plain", tfjsonpath.New("names"), names(
					fakeserver.TealProviderCredentials, fakeserver.TealProviderDayforce)),
				statecheck.ExpectKnownValue("data.accounts_teal_payroll_providers.plain", tfjsonpath.New("payroll_providers").AtSliceIndex(1).AtMapKey("required_extra_login_params"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("company_name")})),
			},
		}},
	})
}

// The account's provider and its extra login parameters come from the data source: the one
// plain-login provider that requires some.
const providerFeedsAnAccount = ephemeralVariables + `
data "accounts_teal_payroll_providers" "plain" {
  login_method = "credentials"
  mfa_type     = "none"
}

locals {
  provider = [for p in data.accounts_teal_payroll_providers.plain.payroll_providers : p if length(p.required_extra_login_params) > 0][0]
}

resource "accounts_teal_payroll_account" "test" {
  user_id            = "` + fakeserver.TealUserID + `"
  payroll_provider   = local.provider.name
  extra_login_params = { for k in local.provider.required_extra_login_params : k => "ACME Corp" }
` + login + `
}
`

func TestAccTealPayrollProvidersDataSource_feedsAnAccount(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories, TerraformVersionChecks: writeOnlyTerraform,
		Steps: []resource.TestStep{
			{
				Config: f.Config(providerFeedsAnAccount), ConfigVariables: variables("pw", ""),
				Check: checkServerHolds(f, func(a fakeserver.TealAccountRecord) error {
					if a.PayrollProvider != fakeserver.TealProviderDayforce || a.ExtraLoginParams["company_name"] != "ACME Corp" {
						return fmt.Errorf("server holds a %s account with %v, want dayforce with company_name ACME Corp", a.PayrollProvider, a.ExtraLoginParams)
					}
					return nil
				}),
			},
			{
				Config: f.Config(providerFeedsAnAccount), ConfigVariables: variables("pw", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccTealPayrollProvidersDataSource_noneMatchOrNoList(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: f.Config(`data "accounts_teal_payroll_providers" "x" {
  login_method = "oauth2"
  mfa_type     = "Code"
}`), PlanOnly: true,
				ExpectError: acctest.ErrorMatching(`No Teal payroll provider matches .* No Teal payroll provider has login_method = "oauth2" and ` +
					`mfa_type = "Code". Teal lists: quickbooks (credentials, MFA none), adp (credentials, MFA Code), .* xero (oauth2, MFA none)`),
			},
			{
				// A Teal that does not serve the inferred list.
				PreConfig: func() {
					f.AddFault(fakeserver.Fault{API: fakeserver.APITeal, Method: http.MethodGet, Path: "/payroll-providers", Status: http.StatusNotFound, Message: "Not found"})
				},
				Config: f.Config(`data "accounts_teal_payroll_providers" "x" {}`), PlanOnly: true,
				ExpectError: acctest.ErrorMatching(`Could not list Teal's payroll providers .* 404 .* Teal documents no list of payroll providers: ` +
					`this data source reads GET /payroll-providers`),
			},
		},
	})
}

func TestAccTealPayrollProvidersDataSource_badConfiguration(t *testing.T) {
	t.Parallel()
	acctest.BadConfigs{
		Type: "accounts_teal_payroll_providers", DataSource: true,
		Valid:   []string{`login_method = "credentials"`},
		Create:  acctest.Route{API: fakeserver.APITeal, Method: http.MethodGet, Path: "/payroll-providers"},
		NewFake: newFake,
		Rows: []acctest.BadConfig{
			{Name: "unknown login method", Set: []string{`login_method = "password"`}, Path: "login_method",
				Error: `Attribute login_method value must be one of: ["credentials" "oauth2"], got: "password"`},
			{Name: "unknown MFA type", Set: []string{`mfa_type = "SMS"`}, Path: "mfa_type",
				Error: `Attribute mfa_type value must be one of: ["none" "Code" "Date" "PasswordWithPositions"], got: "SMS"`},
			{Name: "names set", Set: []string{`names = ["adp"]`}, Path: "names", Error: `Invalid Configuration for Read-Only Attribute .* names`},
			{Name: "login method, from another resource", Path: "login_method", From: `"sms"`,
				Set: []string{`login_method = terraform_data.x.output`}, Error: `Attribute login_method value must be one of`},
		},
	}.Run(t)
}
