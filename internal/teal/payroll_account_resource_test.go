package teal_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/teal"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

const address = "accounts_teal_payroll_account.test"

// writeOnlyTerraform skips below Terraform 1.11, which lacks write-only attributes.
var writeOnlyTerraform = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}

// newFake is a fake server whose accounts leave PENDING quickly.
func newFake(t *testing.T) *acctest.Fake {
	f := acctest.NewFake(t)
	f.ConfigureTeal(func(s *fakeserver.TealSettings) { s.ActivationDelayMS = 20 })
	return f
}

// accountConfig is a payroll account of the seeded user, with body added inside the block.
func accountConfig(provider, body string) string {
	return fmt.Sprintf(`
resource "accounts_teal_payroll_account" "test" {
  user_id          = %q
  payroll_provider = %q
%s
}
`, fakeserver.TealUserID, provider, body)
}

// login logs in with a user name and a password from a variable.
const login = `
  user_name           = "jane@example.com"
  password_wo         = var.password
  password_wo_version = 1
`

// ephemeralVariables declares the secrets as ephemeral variables, as the docs recommend.
const ephemeralVariables = `
variable "password" {
  type      = string
  ephemeral = true
  sensitive = true
}
variable "mfa" {
  type      = string
  ephemeral = true
  sensitive = true
  default   = null
}
`

func variables(password, mfa string) config.Variables {
	v := config.Variables{"password": config.StringVariable(password)}
	if mfa != "" {
		v["mfa"] = config.StringVariable(mfa)
	}
	return v
}

// checkServerHolds asserts the server holds exactly one account, that Terraform's state tracks
// it, and that it satisfies check.
func checkServerHolds(f *acctest.Fake, check func(fakeserver.TealAccountRecord) error) resource.TestCheckFunc {
	return acctest.CheckHoldsOne(f, address, acctest.Held[fakeserver.TealAccountRecord]{
		What: "accounts",
		Find: func(f *acctest.Fake) []fakeserver.TealAccountRecord { return f.State().Teal.Accounts },
		ID:   func(a fakeserver.TealAccountRecord) string { return a.AccountID },
	}, check)
}

func checkNoAccounts(f *acctest.Fake) resource.TestCheckFunc {
	return f.CheckServer(func(s fakeserver.State) error {
		if n := len(s.Teal.Accounts); n != 0 {
			return fmt.Errorf("server holds %d accounts, want none", n)
		}
		return nil
	})
}

func expectString(name, want string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, tfjsonpath.New(name), knownvalue.StringExact(want))
}

func TestAccTealPayrollAccount_credentialsWaitForActiveThenImport(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	var accountID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   writeOnlyTerraform,
		CheckDestroy: f.CheckServer(func(s fakeserver.State) error {
			// Teal offers no deletion: the account remains, after one refused DELETE.
			if len(s.Teal.Accounts) != 1 || f.RequestCount(fakeserver.APITeal, "DELETE", "/accounts/") != 1 {
				return fmt.Errorf("after destroy the server holds %d accounts", len(s.Teal.Accounts))
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				Config: f.Config(ephemeralVariables + accountConfig(fakeserver.TealProviderCredentials, login+`
  from            = "2024-01-01T00:00:00Z"
  to              = "2024-12-31T00:00:00Z"
  wait_for_active = true`)),
				ConfigVariables: variables("correct horse battery", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					expectString("status", teal.StatusActive),
					expectString("user_name", "jane@example.com"),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("mfa_enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("mfa_method"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("authorization_url"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("latest_pay_date"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("password_wo"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerHolds(f, func(a fakeserver.TealAccountRecord) error {
						if a.Password != "correct horse battery" || a.UserID != fakeserver.TealUserID || a.From != "2024-01-01T00:00:00Z" {
							return fmt.Errorf("server received %+v", a)
						}
						accountID = a.AccountID
						return nil
					}),
					f.CheckRequestCount(fakeserver.APITeal, "POST", "/accounts", 1),
				),
			},
			{
				ResourceName:    address,
				ImportState:     true,
				ImportStateId:   fakeserver.TealUserRevokedID + ":" + "not-hers",
				ConfigVariables: variables("unused", ""),
				ExpectError:     acctest.ErrorMatching("The account belongs to another user .* Teal user " + fakeserver.TealUserRevokedID + " has no account not-hers"),
			},
			{
				ResourceName:            address,
				ImportState:             true,
				ConfigVariables:         variables("unused", ""),
				ImportStateIdFunc:       func(*terraform.State) (string, error) { return fakeserver.TealUserID + ":" + accountID, nil },
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password_wo_version", "from", "to", "wait_for_active", "timeouts"},
			},
			{
				ResourceName:            address,
				ImportState:             true,
				ImportStateVerify:       true,
				ConfigVariables:         variables("unused", ""),
				ImportStateVerifyIgnore: []string{"user_id", "password_wo_version", "from", "to", "wait_for_active", "timeouts"},
			},
		},
	})
}

// mfaSteps walks the two-apply MFA flow: create, then answer from an ephemeral variable.
func mfaSteps(f *acctest.Fake, provider, answer string, method knownvalue.Check) []resource.TestStep {
	answered := accountConfig(provider, login+`
  mfa_response_wo         = var.mfa
  mfa_response_wo_version = 1
  wait_for_active         = true`)
	return []resource.TestStep{
		{
			Config:          f.Config(ephemeralVariables + accountConfig(provider, login)),
			ConfigVariables: variables("pw", ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectString("status", teal.StatusPending),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("mfa_enabled"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("mfa_method"), method),
			},
			Check: checkServerHolds(f, nil),
		},
		{
			Config:          f.Config(ephemeralVariables + answered),
			ConfigVariables: variables("pw", answer),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				expectString("status", teal.StatusActive),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("mfa_response_wo_version"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("mfa_response_wo"), knownvalue.Null()),
			},
			Check: checkServerHolds(f, func(a fakeserver.TealAccountRecord) error {
				if !slices.Equal(a.MFAAnswers, []string{answer}) || a.Status != teal.StatusActive {
					return fmt.Errorf("server holds %+v", a)
				}
				return nil
			}),
		},
	}
}

func mfaMethod(fields map[string]knownvalue.Check) knownvalue.Check {
	all := map[string]knownvalue.Check{"source": knownvalue.Null(), "format": knownvalue.Null(), "message": knownvalue.Null(), "positions": knownvalue.Null()}
	for name, check := range fields {
		all[name] = check
	}
	return knownvalue.ObjectExact(all)
}

func TestAccTealPayrollAccount_mfaMethods(t *testing.T) {
	t.Parallel()
	tests := []struct {
		provider, answer string
		method           knownvalue.Check
	}{
		{fakeserver.TealProviderSMSCode, fakeserver.TealMFACode, mfaMethod(map[string]knownvalue.Check{
			"type": knownvalue.StringExact("Code"), "source": knownvalue.StringExact("SMS"),
		})},
		{fakeserver.TealProviderDate, fakeserver.TealMFADate, mfaMethod(map[string]knownvalue.Check{
			"type": knownvalue.StringExact("Date"), "format": knownvalue.StringExact("yyyy-mm-dd"), "message": knownvalue.StringExact("Date of birth"),
		})},
		{fakeserver.TealProviderPositions, fakeserver.TealMFAPositions, mfaMethod(map[string]knownvalue.Check{
			"type": knownvalue.StringExact("PasswordWithPositions"), "message": knownvalue.StringExact("Memorable word"),
			"positions": knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(1), knownvalue.Int64Exact(3), knownvalue.Int64Exact(5)}),
		})},
	}
	for _, tt := range tests {
		t.Run(tt.provider, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				TerraformVersionChecks:   writeOnlyTerraform,
				Steps:                    mfaSteps(f, tt.provider, tt.answer, tt.method),
			})
		})
	}
}

func TestAccTealPayrollAccount_wrongMFAAnswerThenRetry(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	steps := mfaSteps(f, fakeserver.TealProviderSMSCode, fakeserver.TealMFACode, knownvalue.NotNull())
	wrong := steps[1]
	wrong.ConfigVariables = variables("pw", "135790")
	wrong.ConfigPlanChecks, wrong.ConfigStateChecks = resource.ConfigPlanChecks{}, nil
	wrong.ExpectError = acctest.ErrorMatching("Teal did not accept the MFA answer .* The MFA response was not accepted by adp .* " +
		"mfa_response_wo_version keeps its previous value. Correct mfa_response_wo .* run terraform apply again")
	wrong.Check = nil
	retry := steps[1]
	retry.Check = resource.ComposeAggregateTestCheckFunc(
		resource.TestCheckResourceAttr(address, "status", teal.StatusActive),
		checkServerHolds(f, func(a fakeserver.TealAccountRecord) error {
			if !slices.Equal(a.MFAAnswers, []string{"135790", fakeserver.TealMFACode}) {
				return fmt.Errorf("server received answers %v", a.MFAAnswers)
			}
			return nil
		}),
	)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   writeOnlyTerraform,
		Steps: []resource.TestStep{
			steps[0],
			wrong,
			{
				// The refused answer left the account in state, as it was, and the version unsent.
				Config:             wrong.Config,
				ConfigVariables:    wrong.ConfigVariables,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
			},
			retry,
		},
	})
}

func TestAccTealPayrollAccount_oauth2AuthorizationURL(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: f.Config(accountConfig(fakeserver.TealProviderOAuth2, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					expectString("status", teal.StatusPending),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("authorization_url"),
						knownvalue.StringRegexp(regexp.MustCompile(`^https://xero\.example/authenticate\?redirect_url=`))),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("user_name"), knownvalue.Null()),
				},
				Check: f.Do(func(s *fakeserver.Server) {
					s.AuthorizeTealAccount(s.State().Teal.Accounts[0].AccountID)
				}),
			},
			{
				// Once the user consents, refresh follows the status without planning a change.
				Config:            f.Config(accountConfig(fakeserver.TealProviderOAuth2, "")),
				ConfigStateChecks: []statecheck.StateCheck{expectString("status", teal.StatusActive)},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccTealPayrollAccount_authorisationRefusals(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	hint := `Record one with POST /authorisations`
	forUser := func(userID, extra string) string {
		return f.Config(fmt.Sprintf(`
resource "accounts_teal_payroll_account" "test" {
  user_id          = %q
  payroll_provider = "xero"
%s
}
`, userID, extra))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: forUser(fakeserver.TealUserWithoutAuthorisation, ""),
				ExpectError: acctest.ErrorMatching("Could not create the Teal payroll account .* 400 Bad Request: No active authorisation found for user " +
					fakeserver.TealUserWithoutAuthorisation + " .* " + hint),
			},
			{
				Config: forUser(fakeserver.TealUserRevokedID, fmt.Sprintf("  authorisation_id = %q", fakeserver.TealRevokedAuthorisationID)),
				ExpectError: acctest.ErrorMatching("400 Bad Request: Authorisation " + fakeserver.TealRevokedAuthorisationID +
					" has been revoked .* " + hint + ".* If authorisation_id is set, it must name an active authorisation"),
			},
			{
				Config: f.ProviderConfig(),
				Check:  checkNoAccounts(f),
			},
		},
	})
}

func TestAccTealPayrollAccount_lostCreateAnswerAdoptsTheAccount(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.AddFault(fakeserver.Fault{API: fakeserver.APITeal, Method: "POST", Path: "/accounts", Drop: "after", Times: 1})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   writeOnlyTerraform,
		Steps: []resource.TestStep{{
			Config:            f.Config(ephemeralVariables + accountConfig(fakeserver.TealProviderCredentials, login)),
			ConfigVariables:   variables("pw", ""),
			ConfigStateChecks: []statecheck.StateCheck{expectString("user_name", "jane@example.com")},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerHolds(f, nil),
				f.CheckRequestCount(fakeserver.APITeal, "POST", "/accounts", 1),
			),
		}},
	})
}

// Teal cannot delete, so an unfinished create must not be tainted: a replacement would stand
// beside the account the create made. The record stays untainted, and a later refresh adopts it.
func TestAccTealPayrollAccount_unfinishedCreateIsAdoptedNotReplaced(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.AddFault(fakeserver.Fault{API: fakeserver.APITeal, Method: "POST", Path: "/accounts", Drop: "after", Times: 1})
	// Listing fails until cleared, so no look finds what the dropped create made.
	f.AddFault(fakeserver.Fault{API: fakeserver.APITeal, Method: "GET", Path: "/accounts", Status: 400})
	hcl := f.Config(ephemeralVariables + accountConfig(fakeserver.TealProviderCredentials, login+`
  timeouts = { create = "2s" }`))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   writeOnlyTerraform,
		Steps: []resource.TestStep{
			{
				// The apply keeps the record with a warning; the refresh of the plan after it
				// cannot look yet.
				Config: hcl, ConfigVariables: variables("pw", ""),
				ExpectError: acctest.ErrorMatching("Could not look for the Teal payroll account of an unfinished create"),
			},
			{
				PreConfig: f.ClearFaults,
				Config:    hcl, ConfigVariables: variables("pw", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerHolds(f, nil),
					f.CheckRequestCount(fakeserver.APITeal, "POST", "/accounts", 1),
				),
			},
		},
	})
}

func TestAccTealPayrollAccount_importByAccountIDAdoptsUserID(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	client, err := teal.NewClient(teal.Settings{Endpoint: f.URL + "/teal", APIKey: fakeserver.TealAPIKey}, transport.Config{})
	if err != nil {
		t.Fatal(err)
	}
	existing, err := client.CreateAccount(context.Background(), teal.NewAccount{
		UserID: fakeserver.TealUserID, PayrollProvider: fakeserver.TealProviderDayforce, UserName: "jane@example.com",
		Password: "pw", ExtraLoginParams: map[string]string{"company_name": "ACME Corp"},
	}, "")
	if err != nil {
		t.Fatal(err)
	}
	imported := func(userID string) string {
		return f.Config(fmt.Sprintf(`
import {
  to = accounts_teal_payroll_account.test
  id = %q
}

resource "accounts_teal_payroll_account" "test" {
  user_id             = %q
  payroll_provider    = "dayforce"
  user_name           = "jane@example.com"
  extra_login_params  = { company_name = "ACME Corp" }
  password_wo_version = 1
}
`, existing.AccountID, userID))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   writeOnlyTerraform,
		Steps: []resource.TestStep{
			{
				Config:      imported(fakeserver.TealUserRevokedID),
				ExpectError: acctest.ErrorMatching("The account belongs to another user"),
			},
			{
				Config: imported(fakeserver.TealUserID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectString("user_id", fakeserver.TealUserID),
					expectString("id", existing.AccountID),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("extra_login_params"), knownvalue.MapExact(map[string]knownvalue.Check{
						"company_name": knownvalue.StringExact("ACME Corp"),
					})),
				},
				Check: f.CheckRequestCount(fakeserver.APITeal, "POST", "/accounts", 1), // the one made above
			},
			{
				// Once adopted, changing a creation parameter replaces the account again.
				Config:             strings.Replace(imported(fakeserver.TealUserID), "ACME Corp", "ACME Ltd", 1),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionReplace)},
				},
			},
		},
	})
}

func TestAccTealPayrollAccount_removedOutsideTerraform(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	body := accountConfig(fakeserver.TealProviderOAuth2, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: f.Config(body),
			},
			{
				PreConfig: func() {
					f.RemoveTealAccount(f.State().Teal.Accounts[0].AccountID)
				},
				Config:             f.Config(body),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// secretsAbsent fails when a secret shows in the text.
func secretsAbsent(where, text string, secrets ...string) error {
	for _, secret := range secrets {
		if strings.Contains(text, secret) {
			return fmt.Errorf("%s holds the secret %q", where, secret)
		}
	}
	return nil
}

type planHoldsNoSecret struct{ secrets []string }

func (c planHoldsNoSecret) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	encoded, err := json.Marshal(req.Plan)
	if err == nil {
		err = secretsAbsent("the plan", string(encoded), c.secrets...)
	}
	resp.Error = err
}

// Not parallel: TF_LOG and its path reach the in-process provider through the environment.
func TestAccTealPayrollAccount_noSecretInStatePlanOrLogs(t *testing.T) {
	logs := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logs, "%s.log"))
	f := newFake(t)
	const canary, answer = "pw-Zq81-canary", fakeserver.TealMFACode
	noSecret := planHoldsNoSecret{secrets: []string{canary, answer}}
	steps := mfaSteps(f, fakeserver.TealProviderSMSCode, answer, knownvalue.NotNull())
	for i := range steps {
		steps[i].ConfigVariables["password"] = config.StringVariable(canary)
		steps[i].ConfigPlanChecks.PreApply = append(steps[i].ConfigPlanChecks.PreApply, noSecret)
		steps[i].ConfigPlanChecks.PostApplyPostRefresh = []plancheck.PlanCheck{noSecret}
		steps[i].Check = resource.ComposeAggregateTestCheckFunc(steps[i].Check, func(s *terraform.State) error {
			return secretsAbsent("the state", s.String(), canary, answer)
		})
	}
	steps[0].Check = resource.ComposeAggregateTestCheckFunc(steps[0].Check, checkServerHolds(f, func(a fakeserver.TealAccountRecord) error {
		if a.Password != canary {
			return fmt.Errorf("server received password %q", a.Password)
		}
		return nil
	}))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   writeOnlyTerraform,
		Steps:                    steps,
	})
	written, err := os.ReadFile(filepath.Join(logs, t.Name()+".log"))
	if err != nil {
		t.Fatal(err)
	}
	// The logs must hold the request bodies (redacted), or the absence of secrets proves nothing.
	for _, want := range []string{`{\"password\":\"***\",`, `{\"mfa\":\"***\"}`, "http_method=PUT"} {
		if !strings.Contains(string(written), want) {
			t.Errorf("the TRACE log lacks %q", want)
		}
	}
	if err := secretsAbsent("the TRACE log", string(written), canary, answer); err != nil {
		t.Error(err)
	}
}

func TestAccTealPayrollAccount_refusedLoginFailsTheWait(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   writeOnlyTerraform,
		Steps: []resource.TestStep{
			{
				Config:          f.Config(ephemeralVariables + accountConfig(fakeserver.TealProviderCredentials, login+"  wait_for_active = true")),
				ConfigVariables: variables(fakeserver.TealInvalidPassword, ""),
				ExpectError: acctest.ErrorMatching("The payroll provider refused the login .* is INVALID.* Correct password_wo " +
					"and change password_wo_version"),
			},
			{
				// The INVALID account is tracked (tainted), so the next plan replaces it.
				Config:             f.Config(ephemeralVariables + accountConfig(fakeserver.TealProviderCredentials, login+"  wait_for_active = true")),
				ConfigVariables:    variables("pw", ""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: checkServerHolds(f, func(a fakeserver.TealAccountRecord) error {
					if a.Status != teal.StatusInvalid {
						return fmt.Errorf("server account is %s", a.Status)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccTealPayrollAccount_waitOutOfTimeKeepsTheAccount(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.ConfigureTeal(func(s *fakeserver.TealSettings) { s.ActivationDelayMS = 600_000 })
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   writeOnlyTerraform,
		Steps: []resource.TestStep{{
			Config: f.Config(ephemeralVariables + accountConfig(fakeserver.TealProviderCredentials, login+`
  wait_for_active = true
  timeouts        = { create = "1s" }`)),
			ConfigVariables:   variables("pw", ""),
			ConfigStateChecks: []statecheck.StateCheck{expectString("status", teal.StatusPending)},
			Check:             checkServerHolds(f, nil),
		}},
	})
}
