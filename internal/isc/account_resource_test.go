package isc_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

const address = "accounts_isc_account.test"

func accountConfig(id, displayName, extra string) string {
	return fmt.Sprintf(`
resource "accounts_isc_account" "test" {
  source_id = %q
  attributes = {
    id          = %q
    displayName = %q
    groups      = ["staff", "vpn"]
  }
%s
}
`, fakeserver.ISCFlatFileSourceID, id, displayName, extra)
}

// accountsWith returns the server's accounts with a native identity.
func accountsWith(s fakeserver.State, nativeIdentity string) []fakeserver.ISCAccount {
	var found []fakeserver.ISCAccount
	for _, a := range s.ISC.Accounts {
		if a.NativeIdentity == nativeIdentity {
			found = append(found, a)
		}
	}
	return found
}

// checkServerHolds asserts the server holds exactly one account for the native identity, that
// Terraform's state tracks it, and that it satisfies check.
func checkServerHolds(f *acctest.Fake, nativeIdentity string, check func(fakeserver.ISCAccount) error) resource.TestCheckFunc {
	return acctest.CheckHoldsOne(f, address, acctest.Held[fakeserver.ISCAccount]{
		What: fmt.Sprintf("accounts with native identity %q", nativeIdentity),
		Find: func(f *acctest.Fake) []fakeserver.ISCAccount { return accountsWith(f.State(), nativeIdentity) },
		ID:   func(a fakeserver.ISCAccount) string { return a.ID },
	}, check)
}

func checkNoAccount(f *acctest.Fake, nativeIdentity string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if n := len(accountsWith(f.State(), nativeIdentity)); n != 0 {
			return fmt.Errorf("server still holds %d accounts with native identity %q", n, nativeIdentity)
		}
		return nil
	}
}

func TestAccISCAccount_lifecycle(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccount(f, "jdoe"),
		Steps: []resource.TestStep{
			{
				Config: f.Config(accountConfig("jdoe", "John Doe", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("native_identity"), knownvalue.StringExact("jdoe")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("native_identity_attribute"), knownvalue.StringExact("id")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact("John Doe")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("source_name"), knownvalue.StringExact("HR Flat File")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("disabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}$`))),
				},
				Check: checkServerHolds(f, "jdoe", func(a fakeserver.ISCAccount) error {
					if a.Attributes["displayName"] != "John Doe" || fmt.Sprint(a.Attributes["groups"]) != "[staff vpn]" {
						return fmt.Errorf("server attributes %v", a.Attributes)
					}
					return nil
				}),
			},
			{
				ResourceName:            address,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:            address,
				ImportState:             true,
				ImportStateId:           fakeserver.ISCFlatFileSourceID + ":jdoe",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				Config: f.Config(accountConfig("jdoe", "Johnny Doe", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				Check: checkServerHolds(f, "jdoe", func(a fakeserver.ISCAccount) error {
					if a.Attributes["displayName"] != "Johnny Doe" || a.Name != "Johnny Doe" {
						return fmt.Errorf("server still has %v", a.Attributes["displayName"])
					}
					return nil
				}),
			},
			{
				Config: f.Config(accountConfig("jdoe", "Johnny Doe", "  disabled = true")),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(address, "disabled", "true"),
					checkServerHolds(f, "jdoe", func(a fakeserver.ISCAccount) error {
						if !a.Disabled {
							return fmt.Errorf("server account is not disabled")
						}
						return nil
					}),
				),
			},
			{
				Config: f.Config(accountConfig("jdoe", "Johnny Doe", "  disabled = false")),
				Check: checkServerHolds(f, "jdoe", func(a fakeserver.ISCAccount) error {
					if a.Disabled {
						return fmt.Errorf("server account is still disabled")
					}
					return nil
				}),
			},
		},
	})
}

func TestAccISCAccount_createdDisabled(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.Config(accountConfig("born-disabled", "B", "  disabled = true")),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(address, "disabled", "true"),
				checkServerHolds(f, "born-disabled", func(a fakeserver.ISCAccount) error {
					if !a.Disabled {
						return fmt.Errorf("server account is not disabled")
					}
					return nil
				}),
			),
		}},
	})
}

func TestAccISCAccount_taskErrorShowsItsMessages(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.AddFault(fakeserver.Fault{API: "isc", Method: "POST", Path: "/accounts/v1", TaskOutcome: "ERROR",
		TaskMessages: []string{"Connector rejected attribute manager: unknown identity"}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      f.Config(accountConfig("failing", "F", "")),
				ExpectError: acctest.ErrorMatching("ended with status ERROR: Connector rejected attribute manager: unknown identity"),
				Check:       checkNoAccount(f, "failing"),
			},
			{
				Config: f.ProviderConfig(),
				Check:  checkNoAccount(f, "failing"),
			},
		},
	})
}

func TestAccISCAccount_tempErrorIsResubmitted(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.AddFault(fakeserver.Fault{API: "isc", Method: "POST", Path: "/accounts/v1", TaskOutcome: "TEMPERROR", Times: 1,
		TaskMessages: []string{"Source connector busy"}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.Config(accountConfig("retried", "R", "")),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerHolds(f, "retried", nil),
				// The TEMPERROR, then the resubmission.
				f.CheckRequestCount("isc", "POST", "/accounts/v1", 2),
			),
		}},
	})
}

func TestAccISCAccount_createTimeoutLeavesNoOrphan(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.ConfigureISC(func(s *fakeserver.ISCSettings) { s.TaskDurationMS = 4000 })
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccount(f, "slow"),
		Steps: []resource.TestStep{
			{
				Config:      f.Config(accountConfig("slow", "S", `  timeouts = { create = "1s" }`)),
				ExpectError: acctest.ErrorMatching("ISC account creation did not finish.*kept in state as tainted"),
			},
			{
				Config: f.Config(accountConfig("slow", "S", `  timeouts = { create = "2m", delete = "2m" }`)),
				Check:  checkServerHolds(f, "slow", nil),
			},
		},
	})
}

// The create's answer is lost after ISC accepted it: the create is not sent again; the provider
// finds the account the lost create made and adopts it, so one apply ends with exactly one
// account, tracked.
func TestAccISCAccount_lostCreateAnswerIsAdoptedNotDuplicated(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.AddFault(fakeserver.Fault{API: "isc", Method: "POST", Path: "/accounts/v1", Drop: "after", Times: 1})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccount(f, "dropped"),
		Steps: []resource.TestStep{{
			Config: f.Config(accountConfig("dropped", "D", "")),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerHolds(f, "dropped", nil),
				f.CheckRequestCount("isc", "POST", "/accounts/v1", 1),
			),
		}},
	})
}

func TestAccISCAccount_survivesRateLimitsTokenExpiryAndPollErrors(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.AddFault(fakeserver.Fault{API: "isc", Method: "POST", Path: "/accounts/v1", Status: 429, RetryAfter: 1, Times: 3})
	f.AddFault(fakeserver.Fault{API: "isc", Path: "/task-status/v1", Status: 503, Times: 2})
	f.AddFault(fakeserver.Fault{API: "isc", Path: "/task-status/v1", Status: 500, Times: 2})
	f.AddFault(fakeserver.Fault{API: "isc", Method: "GET", Path: "/accounts/v1", Status: 401, Times: 1,
		Body: `{"error":"JWT validation failed: JWT is expired"}`})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.Config(accountConfig("sturdy", "S", "")),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerHolds(f, "sturdy", nil),
				// The fake counts requests that got past the injected 429s: exactly one create.
				f.CheckRequestCount("isc", "POST", "/accounts/v1", 1),
			),
		}},
	})
}

func TestAccISCAccount_deletedBehindTerraformsBackIsRecreated(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := f.Config(accountConfig("ghost", "G", ""))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:             config,
				Check:              f.Do(func(s *fakeserver.Server) { s.RemoveISCAccount(accountsWith(s.State(), "ghost")[0].ID) }),
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
				},
			},
			{
				Config: config,
				Check:  checkServerHolds(f, "ghost", nil),
			},
		},
	})
}

func TestAccISCAccount_driftOnManagedAttributesOnly(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := f.Config(accountConfig("drifty", "Drifty", ""))
	aggregate := func(name, value string) func(*fakeserver.Server) {
		return func(s *fakeserver.Server) {
			s.SetISCAccountAttribute(accountsWith(s.State(), "drifty")[0].ID, name, value)
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// An attribute the configuration does not manage: no diff.
				Config: config,
				Check:  f.Do(aggregate("lastLogin", "2026-11-01")),
			},
			{
				// A managed attribute changed behind Terraform's back: an update is planned.
				Config:             config,
				Check:              f.Do(aggregate("displayName", "Changed Elsewhere")),
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
			},
			{
				Config: config,
				Check: checkServerHolds(f, "drifty", func(a fakeserver.ISCAccount) error {
					if a.Attributes["displayName"] != "Drifty" {
						return fmt.Errorf("drift not corrected: displayName %v", a.Attributes["displayName"])
					}
					if a.Attributes["lastLogin"] != "2026-11-01" {
						return fmt.Errorf("the update lost an attribute Terraform does not manage: %v", a.Attributes)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccISCAccount_existingAccountGetsTheImportHint(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	first := accountConfig("taken", "T", "")
	second := `
resource "accounts_isc_account" "again" {
  source_id  = "` + fakeserver.ISCFlatFileSourceID + `"
  attributes = { id = "taken", displayName = "Other" }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: f.Config(first)},
			{
				Config:      f.Config(first + second),
				ExpectError: acctest.ErrorMatching(`already holds an account with native identity "taken".*terraform import accounts_isc_account.<name>`),
				Check:       checkServerHolds(f, "taken", nil),
			},
			{Config: f.Config(first), Check: checkServerHolds(f, "taken", nil)},
		},
	})
}

func TestAccISCAccount_deleteOnDirectSourceShowsTheAPIMessage(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := fmt.Sprintf(`
resource "accounts_isc_account" "test" {
  source_id  = %q
  attributes = { sAMAccountName = "adirect", displayName = "A Direct" }
}
`, fakeserver.ISCDirectSourceID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: f.Config(config), Check: checkServerHolds(f, "adirect", nil)},
			{
				Config:      f.Config(config),
				Destroy:     true,
				ExpectError: acctest.ErrorMatching("returned 400 Bad Request: 400.1 Bad Request Content: Source 'Active Directory' does not support this operation.*(request id .*terraform state rm"),
			},
			{
				// Stop managing it without deleting it, as the error advises.
				Config: f.Config(`
removed {
  from = accounts_isc_account.test
  lifecycle { destroy = false }
}
`),
				Check: func(*terraform.State) error {
					if n := len(accountsWith(f.State(), "adirect")); n != 1 {
						return fmt.Errorf("server holds %d accounts adirect, want the one Terraform no longer manages", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccISCAccount_updatePlanShowsNoNoise: an in-place update plans what it cannot change as the
// state holds it: correlation, lock and source always; the name and modification time too when
// only timeouts change, and that update sends ISC nothing.
func TestAccISCAccount_updatePlanShowsNoNoise(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	unchangeable := []string{"identity_id", "locked", "uncorrelated", "source_name"}
	writes := func() int {
		return f.RequestCount(fakeserver.APIISC, "POST", "/accounts/v1") + f.RequestCount(fakeserver.APIISC, "PUT", "/accounts/v1") +
			f.RequestCount(fakeserver.APIISC, "PATCH", "/accounts/v1")
	}
	var before int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: f.Config(accountConfig("quiet", "Quiet One", ""))},
			{
				Config: f.Config(accountConfig("quiet", "Quiet One", "  disabled = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
					acctest.ExpectKnown(address, append(unchangeable, "name")...),
				}},
				Check: checkServerHolds(f, "quiet", func(a fakeserver.ISCAccount) error {
					if !a.Disabled {
						return fmt.Errorf("the account is not disabled")
					}
					return nil
				}),
			},
			{
				PreConfig: func() { before = writes() },
				Config:    f.Config(accountConfig("quiet", "Quiet One", "  disabled = true\n  timeouts = { update = \"5m\" }")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
					acctest.ExpectKnown(address, append(unchangeable, "name", "modified", "disabled")...),
				}},
				Check: func(*terraform.State) error {
					if n := writes() - before; n != 0 {
						return fmt.Errorf("the timeouts-only update sent ISC %d writes, want none", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccISCAccount_attributeTypoWarnsAtPlan: an attribute the source's account schema lacks is
// named in the plan, with the schema's nearest attribute, when the plan reads that schema.
func TestAccISCAccount_attributeTypoWarnsAtPlan(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	cli := acctest.NewCLI(t, tfversion.Version1_11_0)
	cli.Write("main.tf", f.Config(strings.Replace(accountConfig("typo", "Typo One", ""), "groups", "emial = \"t@example.com\"\n    groups", 1)))
	cli.MustRun("init", "-input=false")
	out := cli.MustRun("plan", "-input=false", "-no-color")
	if !acctest.ErrorMatching(`Warning: Attribute not in the source's account schema .* attributes sets "emial", which the account schema .* does not define; did you mean "email"?`).MatchString(out) {
		t.Fatalf("the plan does not warn of the attribute the schema lacks:\n%s", out)
	}
	if strings.Contains(out, `"displayName", which`) || strings.Contains(out, `"groups", which`) {
		t.Fatalf("the plan warns of an attribute the schema has:\n%s", out)
	}
}

// TestAccISCAccount_importThenTimeoutsSendsNothing: an account brought in by an import block
// whose resource sets timeouts plans an update, since Terraform holds configured values to the
// configuration and the import has none; that update sends ISC nothing, and the next plan is
// empty.
func TestAccISCAccount_importThenTimeoutsSendsNothing(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	id := f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{"id": "imported", "displayName": "Imported One", "groups": []any{"staff", "vpn"}})
	writes := func() int {
		return f.RequestCount(fakeserver.APIISC, "POST", "/accounts/v1") + f.RequestCount(fakeserver.APIISC, "PUT", "/accounts/v1") +
			f.RequestCount(fakeserver.APIISC, "PATCH", "/accounts/v1") + f.RequestCount(fakeserver.APIISC, "DELETE", "/accounts/v1")
	}
	cli := acctest.NewCLI(t, tfversion.Version1_11_0)
	cli.Write("main.tf", f.Config(fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", address, id)+
		accountConfig("imported", "Imported One", `  timeouts = { update = "5m" }`)))
	cli.MustRun("init", "-input=false")
	out := cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "1 imported, 0 added, 1 changed, 0 destroyed") {
		t.Fatalf("the import did not plan the timeouts-only update:\n%s", out)
	}
	if n := writes(); n != 0 {
		t.Fatalf("the import and its timeouts-only update sent ISC %d writes, want none:\n%s", n, out)
	}
	if out := cli.MustRun("plan", "-input=false", "-no-color", "-detailed-exitcode"); !strings.Contains(out, "No changes.") {
		t.Fatalf("the plan after the import is not empty:\n%s", out)
	}
}
