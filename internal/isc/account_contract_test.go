package isc_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// These tests hold the resource to SailPoint's documented contract, one quirk each.

// A 4xx after ISC accepted the create (here task status refuses the token while the task runs)
// is not a refusal of the create: the record is kept, and the next apply ends with exactly one
// account, tracked.
func TestAccISCAccount_errorAfterTheCreateWasAcceptedKeepsTheRecord(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.ConfigureISC(func(s *fakeserver.ISCSettings) { s.TaskDurationMS = 3000 })
	f.AddFault(fakeserver.Fault{API: "isc", Method: "GET", Path: "/task-status/v1", Status: http.StatusForbidden})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccount(f, "accepted"),
		Steps: []resource.TestStep{
			{
				Config:      f.Config(accountConfig("accepted", "A", `  timeouts = { create = "1s" }`)),
				ExpectError: acctest.ErrorMatching("ISC account creation did not finish.*403 Forbidden.*kept in state as tainted"),
			},
			{
				PreConfig: f.ClearFaults,
				Config:    f.Config(accountConfig("accepted", "A", "")),
				Check:     checkServerHolds(f, "accepted", nil),
			},
		},
	})
}

// Source schemas are served to user tokens only: with an API client, a plan that needs the
// schema says to set native_identity_attribute, and with it set, create and import work.
func TestAccISCAccount_apiClientWithoutSchemaAccess(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	apiClient := map[string]string{"isc.client_id": fakeserver.ISCAPIClientID, "isc.client_secret": fakeserver.ISCAPIClientSecret}
	withoutAttribute := f.ProviderConfig(apiClient) + accountConfig("appclient", "App Client", "")
	withAttribute := f.ProviderConfig(apiClient) + accountConfig("appclient", "App Client", `  native_identity_attribute = "id"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccount(f, "appclient"),
		Steps: []resource.TestStep{
			{
				Config:      withoutAttribute,
				PlanOnly:    true,
				ExpectError: acctest.ErrorMatching("native_identity_attribute.*403 Forbidden.*Set native_identity_attribute"),
			},
			{Config: withAttribute, Check: checkServerHolds(f, "appclient", nil)},
			{
				Config:                  withAttribute,
				ResourceName:            address,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}

// ISC's filters ignore case, so a lookup of "jdoe" also returns "JDoe": the create is refused
// with a clear message, never adopting the other account.
func TestAccISCAccount_caseVariantIsNeverAdopted(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	upper := accountConfig("JDoe", "Upper", "")
	lower := `
resource "accounts_isc_account" "lower" {
  source_id  = "` + fakeserver.ISCFlatFileSourceID + `"
  attributes = { id = "jdoe", displayName = "Lower" }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: f.Config(upper), Check: checkServerHolds(f, "JDoe", nil)},
			{
				Config:      f.Config(upper + lower),
				ExpectError: acctest.ErrorMatching(`An ISC account differs only in case.*holds "JDoe"`),
			},
			{Config: f.Config(upper), Check: resource.ComposeAggregateTestCheckFunc(
				checkServerHolds(f, "JDoe", nil),
				checkNoAccount(f, "jdoe"),
			)},
		},
	})
}

// A DELETE whose answer is lost is sent again, and its second task fails once the first removed
// the account: destroy still succeeds.
func TestAccISCAccount_lostDeleteAnswer(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.ConfigureISC(func(s *fakeserver.ISCSettings) { s.TaskDurationMS = 1500 })
	config := f.Config(accountConfig("deleted-twice", "D", ""))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: f.Do(func(s *fakeserver.Server) {
					s.AddFault(fakeserver.Fault{API: "isc", Method: "DELETE", Drop: "after", Times: 1})
				}),
			},
			{
				Config:  config,
				Destroy: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkNoAccount(f, "deleted-twice"),
					f.CheckRequestCount("isc", "DELETE", "/accounts/v1/", 2),
				),
			},
		},
	})
}

// A create whose task never shows in task-status completes in seconds: the waiter watches for
// the account.
func TestAccISCAccount_taskNeverShownStillCompletes(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.AddFault(fakeserver.Fault{API: "isc", Method: "POST", Path: "/accounts/v1", TaskHidden: true})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.Config(accountConfig("hidden-task", "H", `  timeouts = { create = "30s" }`)),
			Check:  checkServerHolds(f, "hidden-task", nil),
		}},
	})
}

// ISC returns multi-valued attributes in any order, and a single value as a string: neither is
// drift (the test framework fails on a non-empty plan after apply).
func TestAccISCAccount_multiValuedAttributesAreSets(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.Config(`
resource "accounts_isc_account" "test" {
  source_id  = "` + fakeserver.ISCFlatFileSourceID + `"
  attributes = { id = "sets", displayName = "Sets", groups = ["vpn"] }
}
resource "accounts_isc_account" "reordered" {
  source_id  = "` + fakeserver.ISCFlatFileSourceID + `"
  attributes = { id = "reordered", groups = ["alpha", "beta", "gamma"] }
}
`),
			Check: checkServerHolds(f, "sets", func(a fakeserver.ISCAccount) error {
				if fmt.Sprint(a.Attributes["groups"]) != "[vpn]" {
					return fmt.Errorf("server groups %v", a.Attributes["groups"])
				}
				return nil
			}),
		}},
	})
}

// PUT replaces every attribute, IIQDisabled included: an attribute update keeps a disabled
// account disabled.
func TestAccISCAccount_attributeUpdateKeepsTheAccountDisabled(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	disabled := func(a fakeserver.ISCAccount) error {
		if !a.Disabled {
			return fmt.Errorf("the account was enabled by an attribute update")
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: f.Config(accountConfig("stays-off", "Before", "  disabled = true")), Check: checkServerHolds(f, "stays-off", disabled)},
			{
				Config: f.Config(accountConfig("stays-off", "After", "  disabled = true")),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(address, "disabled", "true"),
					checkServerHolds(f, "stays-off", disabled),
				),
			},
		},
	})
}

// After an import the state manages every attribute the account had: the plan shows the ones
// the configuration leaves out as removed, and apply does exactly that, nothing more.
func TestAccISCAccount_importThenApplyDoesWhatThePlanShows(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	full := f.Config(accountConfig("imported", "Imported", "") + `
import {
  to = accounts_isc_account.test
  id = "` + fakeserver.ISCFlatFileSourceID + `:imported"
}
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{
						"id": "imported", "displayName": "Imported", "groups": []any{"staff", "vpn"}, "department": "Sales",
					})
				},
				Config: full,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
					expectRemovedAttribute(address, "department"),
				}},
				Check: checkServerHolds(f, "imported", func(a fakeserver.ISCAccount) error {
					if _, kept := a.Attributes["department"]; kept {
						return fmt.Errorf("the plan removed department, apply kept it")
					}
					if a.Attributes["displayName"] != "Imported" {
						return fmt.Errorf("an attribute the plan kept changed: %v", a.Attributes)
					}
					return nil
				}),
			},
		},
	})
}

// expectRemovedAttribute checks that the planned update removes an attribute the prior state held.
func expectRemovedAttribute(address, name string) plancheck.PlanCheck {
	return removedAttributeCheck{address, name}
}

type removedAttributeCheck struct{ address, name string }

func (c removedAttributeCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.address {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)["attributes"].(map[string]any)
		after, _ := rc.Change.After.(map[string]any)["attributes"].(map[string]any)
		_, held := before[c.name]
		_, kept := after[c.name]
		if !held || kept {
			resp.Error = fmt.Errorf("plan for %s: attributes.%s held before: %v, kept after: %v", c.address, c.name, held, kept)
		}
		return
	}
	resp.Error = fmt.Errorf("no planned change for %s", c.address)
}
