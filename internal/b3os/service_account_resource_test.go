package b3os_test

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/b3os"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

const address = "accounts_b3os_service_account.test"

// serviceAccountConfig is the test resource; extra adds attributes such as disabled.
func serviceAccountConfig(name, extra string, permissions ...string) string {
	return fmt.Sprintf(`
resource "accounts_b3os_service_account" "test" {
  name        = %q
  permissions = ["%s"]
%s
}
`, name, strings.Join(permissions, `", "`), extra)
}

// checkServerHolds asserts the server holds exactly one service account, that Terraform's state
// tracks it, and that it satisfies check.
func checkServerHolds(f *acctest.Fake, check func(fakeserver.B3OSServiceAccount) error) resource.TestCheckFunc {
	return acctest.CheckHoldsOne(f, address, acctest.Held[fakeserver.B3OSServiceAccount]{
		What: "service accounts",
		Find: func(f *acctest.Fake) []fakeserver.B3OSServiceAccount { return f.State().B3OS.ServiceAccounts },
		ID:   func(a fakeserver.B3OSServiceAccount) string { return a.ID },
	}, check)
}

// holding checks the service account's stored fields.
func holding(name, description, status string, permissions ...string) func(fakeserver.B3OSServiceAccount) error {
	return func(a fakeserver.B3OSServiceAccount) error {
		slices.Sort(permissions)
		got := slices.Sorted(slices.Values(a.Permissions))
		if a.Name != name || a.Description != description || a.Status != status || !slices.Equal(got, permissions) {
			return fmt.Errorf("server holds %+v; want name %q, description %q, status %s, permissions %v", a, name, description, status, permissions)
		}
		return nil
	}
}

func checkNoServiceAccount(f *acctest.Fake) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if accounts := f.State().B3OS.ServiceAccounts; len(accounts) != 0 {
			return fmt.Errorf("server still holds %+v", accounts)
		}
		return nil
	}
}

// test runs steps against f, and checks that destroy leaves no service account behind.
func test(t *testing.T, f *acctest.Fake, steps []resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoServiceAccount(f),
		Steps:                    steps,
	})
}

func expectAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, action)}}
}

// changedBehindTerraformsBack applies config, then changes the server (usually with f.Do), and
// expects the plan that follows the refresh to take action.
func changedBehindTerraformsBack(config string, change resource.TestCheckFunc, action plancheck.ResourceActionType) resource.TestStep {
	return resource.TestStep{
		Config:             config,
		Check:              change,
		ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, action)},
		},
	}
}

func TestAccB3OSServiceAccount_lifecycle(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	updated := func(extra string) string {
		return f.Config(serviceAccountConfig("ci-robot", `  description = "Runs CI"`+"\n"+extra, "run:read", "workflow:execute"))
	}
	test(t, f, []resource.TestStep{
		{
			Config: f.Config(serviceAccountConfig("ci-bot", `  description = "CI"`, "org:read", "workflow:read")),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerHolds(f, holding("ci-bot", "CI", "active", "org:read", "workflow:read")),
				resource.TestMatchResourceAttr(address, "id", regexp.MustCompile(`^sa_`)),
				resource.TestCheckResourceAttr(address, "organization_id", fakeserver.B3OSOrganizationID),
				resource.TestCheckResourceAttr(address, "status", "active"),
				resource.TestCheckResourceAttr(address, "disabled", "false"),
				resource.TestCheckNoResourceAttr(address, "disabled_at"),
				resource.TestCheckResourceAttrSet(address, "created_at"),
				resource.TestCheckResourceAttrSet(address, "created_by"),
				resource.TestCheckResourceAttr(address, "permissions.#", "2"),
				resource.TestCheckTypeSetElemAttr(address, "permissions.*", "workflow:read"),
			),
		},
		{ResourceName: address, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
		{ResourceName: address, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}, ImportStateId: "name:ci-bot"},
		{ResourceName: address, ImportState: true, ImportStateId: "name:nobody",
			ExpectError: acctest.ErrorMatching(`No B3OS service account to import.*no service account named "nobody"`)},
		{ResourceName: address, ImportState: true, ImportStateId: "name:",
			ExpectError: acctest.ErrorMatching(`Invalid import id.*Expected a service account id (sa_...) or "name:<name>", got "name:"`)},
		{
			// Every updatable field at once, in place: one PATCH carries them all.
			Config:           updated(""),
			ConfigPlanChecks: expectAction(plancheck.ResourceActionUpdate),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerHolds(f, holding("ci-robot", "Runs CI", "active", "run:read", "workflow:execute")),
				f.CheckRequestCount(fakeserver.APIB3OS, "PATCH", "/v1/service-accounts/", 1),
			),
		},
		{
			Config:           updated("  disabled = true"),
			ConfigPlanChecks: expectAction(plancheck.ResourceActionUpdate),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerHolds(f, holding("ci-robot", "Runs CI", "disabled", "run:read", "workflow:execute")),
				resource.TestCheckResourceAttr(address, "status", "disabled"),
				resource.TestCheckResourceAttrSet(address, "disabled_at"),
				// Disabling is its own request, not a PATCH.
				f.CheckRequestCount(fakeserver.APIB3OS, "PATCH", "/v1/service-accounts/", 1),
			),
		},
		{
			Config: updated("  disabled = false"),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerHolds(f, holding("ci-robot", "Runs CI", "active", "run:read", "workflow:execute")),
				resource.TestCheckNoResourceAttr(address, "disabled_at"),
			),
		},
		{
			// Removing the description clears it on the server.
			Config: f.Config(serviceAccountConfig("ci-robot", "", "run:read")),
			Check:  checkServerHolds(f, holding("ci-robot", "", "active", "run:read")),
		},
	})
}

func TestAccB3OSServiceAccount_createdDisabled(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	test(t, f, []resource.TestStep{{
		Config: f.Config(serviceAccountConfig("dormant", "  disabled = true", "org:read")),
		Check: resource.ComposeAggregateTestCheckFunc(
			checkServerHolds(f, holding("dormant", "", "disabled", "org:read")),
			resource.TestCheckResourceAttr(address, "disabled", "true"),
		),
	}})
}

// directClient is a client of f with the development key, for what a test does outside Terraform.
func directClient(t *testing.T, f *acctest.Fake) *b3os.Client {
	t.Helper()
	client, err := b3os.NewClient(b3os.Settings{Endpoint: f.URL + "/b3os", APIKey: fakeserver.B3OSAPIKey}, transport.Config{RateWindow: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// createDirectly makes a service account outside Terraform, as another tool would.
func createDirectly(t *testing.T, f *acctest.Fake, name string) *b3os.ServiceAccount {
	t.Helper()
	sa, err := directClient(t, f).CreateServiceAccount(t.Context(), b3os.ServiceAccountInput{Name: name, Permissions: []string{"org:read"}})
	if err != nil {
		t.Fatal(err)
	}
	return sa
}

func TestAccB3OSServiceAccount_nameInUseGetsTheImportHint(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	existing := createDirectly(t, f, "taken")
	config := serviceAccountConfig("taken", "", "org:read")
	test(t, f, []resource.TestStep{
		{
			Config: f.Config(config),
			ExpectError: acctest.ErrorMatching(`The B3OS service account already exists.*named "taken", with id ` + existing.ID +
				`.*terraform import accounts_b3os_service_account.<name> ` + existing.ID + `.*id = "` + existing.ID + `"`),
		},
		{
			// The import block of the hint adopts it, with nothing to change.
			Config: f.Config(config + `
import {
  to = accounts_b3os_service_account.test
  id = "` + existing.ID + `"
}
`),
			ConfigPlanChecks: expectAction(plancheck.ResourceActionNoop),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerHolds(f, holding("taken", "", "active", "org:read")),
				f.CheckRequestCount(fakeserver.APIB3OS, "POST", "/v1/service-accounts", 2), // createDirectly's and the refused one
			),
		},
	})
}

func TestAccB3OSServiceAccount_driftIsPutBackAndDeletionRecreates(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := f.Config(serviceAccountConfig("drifty", "", "org:read", "ai:chat"))
	var firstID string
	test(t, f, []resource.TestStep{
		changedBehindTerraformsBack(config, f.Do(func(s *fakeserver.Server) {
			firstID = s.State().B3OS.ServiceAccounts[0].ID
			s.SetB3OSServiceAccountPermissions(firstID, []string{"org:read", "database:read"})
		}), plancheck.ResourceActionUpdate),
		{
			Config: config,
			Check:  checkServerHolds(f, holding("drifty", "", "active", "org:read", "ai:chat")),
		},
		changedBehindTerraformsBack(config, f.Do(func(s *fakeserver.Server) { s.RemoveB3OSServiceAccount(firstID) }),
			plancheck.ResourceActionCreate),
		{
			Config: config,
			Check: checkServerHolds(f, func(a fakeserver.B3OSServiceAccount) error {
				if a.ID == firstID {
					return fmt.Errorf("the deleted account %s is back", a.ID)
				}
				return holding("drifty", "", "active", "org:read", "ai:chat")(a)
			}),
		},
	})
}

func TestAccB3OSServiceAccount_lostCreateAnswerIsAdopted(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.AddFault(fakeserver.Fault{API: fakeserver.APIB3OS, Method: "POST", Path: "/v1/service-accounts", Drop: "after", Times: 1})
	test(t, f, []resource.TestStep{{
		Config: f.Config(serviceAccountConfig("dropped", "", "org:read")),
		Check: resource.ComposeAggregateTestCheckFunc(
			checkServerHolds(f, holding("dropped", "", "active", "org:read")),
			// The server committed the one POST; it was never sent again.
			f.CheckRequestCount(fakeserver.APIB3OS, "POST", "/v1/service-accounts", 1),
		),
	}})
}

// noMarkup matches an error that holds want and no angle bracket anywhere, so no HTML.
func noMarkup(want string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)^[^<>]*` + acctest.ErrorMatching(want).String()[len("(?s)"):] + `[^<>]*$`)
}

func TestAccB3OSServiceAccount_errorsOfEveryShapeShowStatusAndRequestID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  fakeserver.Fault
		apiKey string
		want   string
	}{
		{name: "envelope, key without the permission", apiKey: fakeserver.B3OSReadOnlyAPIKey,
			want: "Could not create the B3OS service account.*returned 403 Forbidden: insufficient permissions: this API key lacks service_account:write (request id req_"},
		{name: "guide", fault: fakeserver.Fault{Status: 403, Body: `{"success":false,"error":{"message":"organization is suspended","code":"FORBIDDEN"}}`},
			want: "returned 403 Forbidden: organization is suspended (request id req_"},
		{name: "plain text", fault: fakeserver.Fault{Status: 403, Body: fakeserver.B3OSProxyPlainText},
			want: "returned 403 Forbidden: Forbidden: insufficient permissions (request id req_"},
		{name: "html", fault: fakeserver.Fault{Status: 502, Body: fakeserver.B3OSProxyHTMLPage},
			// A 502 leaves the outcome unknown: the create is recorded, and destroy finds nothing.
			want: `B3OS service account creation did not finish.*returned 502 Bad Gateway: the server, or a proxy in front of it, answered with an HTML error page titled "502 Bad Gateway" (request id req_`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := acctest.NewFake(t)
			if tt.fault.Status != 0 {
				tt.fault.API, tt.fault.Method, tt.fault.Path, tt.fault.Times = fakeserver.APIB3OS, "POST", "/v1/service-accounts", 1
				f.AddFault(tt.fault)
			}
			provider := f.ProviderConfig(map[string]string{"b3os.api_key": cmp.Or(tt.apiKey, fakeserver.B3OSAPIKey)})
			test(t, f, []resource.TestStep{{
				Config:      provider + serviceAccountConfig("refused", "", "org:read"),
				ExpectError: noMarkup(tt.want),
			}})
		})
	}
}

func TestAccB3OSServiceAccount_lostCreateNeverAdoptsAnotherAccount(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	other := createDirectly(t, f, "shared") // holds the name, with other permissions
	// The create never reaches B3OS, but the provider cannot know that: it looks the name up.
	f.AddFault(fakeserver.Fault{API: fakeserver.APIB3OS, Method: "POST", Path: "/v1/service-accounts", Drop: "before", Times: 1})
	test(t, f, []resource.TestStep{
		{
			Config:      f.Config(serviceAccountConfig("shared", "", "ai:chat")),
			ExpectError: acctest.ErrorMatching(`The B3OS service account already exists.*named "shared", with id ` + other.ID),
			Check:       f.CheckRequestCount(fakeserver.APIB3OS, "POST", "/v1/service-accounts", 1), // createDirectly's only
		},
		{
			// Nothing was left in state, and the other account is untouched.
			Config: f.Config(`# nothing`),
			Check: func(*terraform.State) error {
				accounts := f.State().B3OS.ServiceAccounts
				if len(accounts) != 1 || accounts[0].ID != other.ID || !slices.Equal(accounts[0].Permissions, []string{"org:read"}) {
					return fmt.Errorf("server holds %+v, want only the untouched %s", accounts, other.ID)
				}
				f.RemoveB3OSServiceAccount(other.ID) // for CheckDestroy
				return nil
			},
		},
	})
}

func TestAccB3OSServiceAccount_createOfUnknownOutcomeIsResolvedByTheNextApply(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.AddFault(fakeserver.Fault{API: fakeserver.APIB3OS, Method: "POST", Path: "/v1/service-accounts", Status: 504, Times: 1})
	config := f.Config(serviceAccountConfig("unsure", "", "org:read"))
	test(t, f, []resource.TestStep{
		{
			Config:      config,
			ExpectError: acctest.ErrorMatching("B3OS service account creation did not finish.*returned 504 Gateway Timeout.*kept in state as tainted"),
		},
		{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerHolds(f, holding("unsure", "", "active", "org:read")),
				f.CheckRequestCount(fakeserver.APIB3OS, "POST", "/v1/service-accounts", 1), // the 504 was the fault's, not B3OS's
			),
		},
	})
}

func TestAccB3OSServiceAccount_organizationRateLimitIsWaitedOut(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.ConfigureB3OS(func(s *fakeserver.B3OSSettings) { s.RateLimit, s.RateWindowMS = 3, 1000 })
	config := f.Config(`
resource "accounts_b3os_service_account" "many" {
  count       = 4
  name        = "worker-${count.index}"
  permissions = ["run:read"]
}
`)
	test(t, f, []resource.TestStep{{
		Config: config,
		Check: func(*terraform.State) error {
			names := []string{}
			for _, a := range f.State().B3OS.ServiceAccounts {
				names = append(names, a.Name)
			}
			if slices.Sort(names); !slices.Equal(names, []string{"worker-0", "worker-1", "worker-2", "worker-3"}) {
				return fmt.Errorf("server holds %v", names)
			}
			// Four creates at once within a limit of three: one at least was refused with 429 and
			// sent again after Retry-After; the refusal made nothing, so nothing was made twice.
			if n := f.RequestCount(fakeserver.APIB3OS, "POST", "/v1/service-accounts"); n < 5 {
				return fmt.Errorf("%d creates reached the server; want a 429 and its retry among them", n)
			}
			return nil
		},
	}})
}
