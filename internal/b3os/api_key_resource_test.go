package b3os_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/b3os"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

const keyAddress = "accounts_b3os_api_key.test"

// keyConfig is a service account that may read and write service accounts, and a key of it;
// keyLines are the key's attribute lines beside service_account_id and name.
func keyConfig(keyLines string) string {
	return `
resource "accounts_b3os_service_account" "robot" {
  name        = "robot"
  permissions = ["org:read", "service_account:read", "service_account:write"]
}

resource "accounts_b3os_api_key" "test" {
  service_account_id = accounts_b3os_service_account.robot.id
  name               = "robot-key"
` + keyLines + `
}
`
}

// keysHeld are the keys the server holds, revoked ones included.
func keysHeld(f *acctest.Fake) []fakeserver.B3OSKey { return f.State().B3OS.APIKeys }

// checkKeys asserts how many keys the server holds, revoked ones included, and that exactly one
// is active: the one in state.
func checkKeys(f *acctest.Fake, held int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		keys, activeIDs := keysHeld(f), map[string]bool{}
		for _, key := range keys {
			if key.Status == "active" {
				activeIDs[key.ID] = true
			}
		}
		if len(keys) != held || len(activeIDs) != 1 {
			return fmt.Errorf("server holds %d keys, %d active; want %d, 1 active: %+v", len(keys), len(activeIDs), held, keys)
		}
		id, err := acctest.Attribute(s, keyAddress, "id")
		if err != nil {
			return err
		}
		if !activeIDs[id] {
			return fmt.Errorf("state tracks key %q, not the active one: %+v", id, keys)
		}
		return nil
	}
}

// statusWith is the status the fake answers a read of the organizations with key.
func statusWith(t *testing.T, f *acctest.Fake, key string) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, fakeserver.APIURL(f.URL, fakeserver.APIB3OS)+"/v1/organizations", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

// expectStatusWith checks the status the fake answers a request with the secret *key holds.
func expectStatusWith(t *testing.T, f *acctest.Fake, key *string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := statusWith(t, f, *key); got != want {
			return fmt.Errorf("a request with the key %.9s... answered %d, want %d", *key, got, want)
		}
		return nil
	}
}

// remember copies an attribute of the key in state into *into.
func remember(name string, into *string) resource.TestCheckFunc {
	return func(s *terraform.State) (err error) {
		*into, err = acctest.Attribute(s, keyAddress, name)
		return err
	}
}

// checkNoActiveKey is the CheckDestroy of every key test: destroy leaves no key active.
func checkNoActiveKey(f *acctest.Fake) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, key := range keysHeld(f) {
			if key.Status != "revoked" {
				return fmt.Errorf("key %s is still active after destroy", key.ID)
			}
		}
		return nil
	}
}

func keyTest(t *testing.T, f *acctest.Fake, steps []resource.TestStep, extraDestroyChecks ...resource.TestCheckFunc) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             resource.ComposeAggregateTestCheckFunc(append(extraDestroyChecks, checkNoActiveKey(f))...),
		Steps:                    steps,
	})
}

func TestAccB3OSAPIKey_aSecondProviderActsAsTheServiceAccount(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := f.Config(keyConfig(`  scope = "read"`))
	robot := `
provider "accounts" {
  alias = "robot"
  b3os = {
    endpoint        = "` + fakeserver.APIURL(f.URL, fakeserver.APIB3OS) + `"
    organization_id = "` + fakeserver.B3OSOrganizationID + `"
    api_key         = accounts_b3os_api_key.test.key
  }
}
`
	var secret string
	keyTest(t, f, []resource.TestStep{
		{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkKeys(f, 1),
				resource.TestMatchResourceAttr(keyAddress, "id", regexp.MustCompile(`^ak_`)),
				resource.TestMatchResourceAttr(keyAddress, "key", regexp.MustCompile(`^b3sk_`)),
				resource.TestCheckResourceAttr(keyAddress, "scope", "read"),
				resource.TestCheckResourceAttr(keyAddress, "status", "active"),
				resource.TestCheckResourceAttrSet(keyAddress, "created_at"),
				resource.TestCheckResourceAttrPair(keyAddress, "service_account_id", "accounts_b3os_service_account.robot", "id"),
				remember("key", &secret),
				f.CheckRequestCount(fakeserver.APIB3OS, http.MethodPost, "/v1/api-keys", 1),
			),
		},
		{
			// The key reads the service account through a provider configuration of its own:
			// the import's refresh is a read with it.
			Config: config + robot + `
import {
  to       = accounts_b3os_service_account.seen_by_robot
  provider = accounts.robot
  id       = accounts_b3os_service_account.robot.id
}

resource "accounts_b3os_service_account" "seen_by_robot" {
  provider    = accounts.robot
  name        = "robot"
  permissions = ["org:read", "service_account:read", "service_account:write"]
}
`,
			PlanOnly: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("accounts_b3os_service_account.seen_by_robot", plancheck.ResourceActionNoop),
			}},
		},
		{
			// A read key is refused a write, and the user sees B3OS's 403.
			Config: config + robot + `
resource "accounts_b3os_service_account" "made_by_robot" {
  provider    = accounts.robot
  name        = "made-by-robot"
  permissions = ["org:read"]
}
`,
			ExpectError: acctest.ErrorMatching("Could not create the B3OS service account.*returned 403 Forbidden: insufficient permissions: this API key lacks service_account:write"),
		},
		{
			// A server that quotes the key back shows the user a mask, not the key.
			PreConfig: func() {
				f.AddFault(fakeserver.Fault{API: fakeserver.APIB3OS, Method: http.MethodPost, Path: "/v1/service-accounts",
					Status: http.StatusForbidden, Message: "denied", Echo: true, Times: 1})
			},
			Config: config + robot + `
resource "accounts_b3os_service_account" "made_by_robot" {
  provider    = accounts.robot
  name        = "made-by-robot"
  permissions = ["org:read"]
}
`,
			ExpectError: acctest.ErrorMatching(`returned 403 Forbidden: denied (sent with Authorization "Bearer ***"`),
		},
	}, expectStatusWith(t, f, &secret, http.StatusUnauthorized))
}

// revokedAfter checks that the key *old was revoked, and not before the key in state was minted:
// the replacement authenticated before the old key stopped.
func revokedAfter(f *acctest.Fake, old *string, newFirst bool) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		current, err := acctest.Attribute(s, keyAddress, "id")
		if err != nil {
			return err
		}
		byID := map[string]fakeserver.B3OSKey{}
		for _, key := range keysHeld(f) {
			byID[key.ID] = key
		}
		previous, replacement := byID[*old], byID[current]
		switch {
		case current == *old:
			return fmt.Errorf("the key %s was not replaced", current)
		case previous.Status != "revoked" || previous.RevokedAt == nil:
			return fmt.Errorf("the old key %s is %s", previous.ID, previous.Status)
		case newFirst && *previous.RevokedAt < replacement.CreatedAt, !newFirst && replacement.CreatedAt < *previous.RevokedAt:
			// Times are in milliseconds: within one, either order passes, and request counts tell.
			return fmt.Errorf("the new key was minted at %s, the old one revoked at %s; want the new one first: %v",
				replacement.CreatedAt, *previous.RevokedAt, newFirst)
		}
		return nil
	}
}

func TestAccB3OSAPIKey_keepersRotateTheKey(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := func(keepers, lifecycle string) string {
		return f.Config(keyConfig(`  scope   = "read-write"
  keepers = { rotation = "` + keepers + `" }
` + lifecycle))
	}
	createFirst := "  lifecycle {\n    create_before_destroy = true\n  }\n"
	var firstID, firstSecret, secondID, secondSecret, thirdSecret string
	replace := func(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(keyAddress, action)}}
	}
	keyTest(t, f, []resource.TestStep{
		{
			Config: config("2026-01", ""),
			Check:  resource.ComposeAggregateTestCheckFunc(checkKeys(f, 1), remember("id", &firstID), remember("key", &firstSecret)),
		},
		{
			// A change of keepers replaces the key; the old one stops working. The step's own
			// check that the next plan is empty shows that the rotation settles.
			Config:           config("2026-02", ""),
			ConfigPlanChecks: replace(plancheck.ResourceActionDestroyBeforeCreate),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkKeys(f, 2), revokedAfter(f, &firstID, false), remember("id", &secondID), remember("key", &secondSecret),
				expectStatusWith(t, f, &firstSecret, http.StatusUnauthorized), expectStatusWith(t, f, &secondSecret, http.StatusOK),
			),
		},
		{
			// With create_before_destroy the new key exists before the old one is revoked.
			Config:           config("2026-03", createFirst),
			ConfigPlanChecks: replace(plancheck.ResourceActionCreateBeforeDestroy),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkKeys(f, 3), revokedAfter(f, &secondID, true), remember("key", &thirdSecret),
				f.CheckRequestCount(fakeserver.APIB3OS, http.MethodDelete, "/v1/api-keys/", 2),
				expectStatusWith(t, f, &secondSecret, http.StatusUnauthorized), expectStatusWith(t, f, &thirdSecret, http.StatusOK),
			),
		},
	})
}

func TestAccB3OSAPIKey_revokedBehindTerraformsBackIsMintedAgain(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := f.Config(keyConfig(`  scope = "read"`))
	var firstID string
	keyTest(t, f, []resource.TestStep{
		{
			Config: config, ExpectNonEmptyPlan: true,
			Check: resource.ComposeAggregateTestCheckFunc(remember("id", &firstID),
				func(*terraform.State) error { f.RevokeB3OSAPIKey(firstID); return nil }),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(keyAddress, plancheck.ResourceActionCreate),
			}},
		},
		{Config: config, Check: checkKeys(f, 2)},
	})
}

// mintDirectly mints a key outside Terraform, as B3OS's web app would.
func mintDirectly(t *testing.T, f *acctest.Fake, serviceAccountID, name string) *b3os.MintedAPIKey {
	t.Helper()
	minted, err := directClient(t, f).MintAPIKey(t.Context(), b3os.APIKeyInput{Name: name, Scope: b3os.ScopeRead, ServiceAccountID: serviceAccountID})
	if err != nil {
		t.Fatal(err)
	}
	return minted
}

// TestAccB3OSAPIKey_importKeepsTheKeyWithoutItsSecret: an imported key is managed, refreshed
// and revoked on destroy, its secret null in state, and the import says so.
func TestAccB3OSAPIKey_importKeepsTheKeyWithoutItsSecret(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	cli := acctest.NewCLI(t, tfversion.Version1_11_0)
	account := f.SeedB3OSServiceAccount("legacy", "active", "org:read")
	existing := mintDirectly(t, f, account, "legacy-key")
	cli.Write("main.tf", f.ProviderConfig()+fmt.Sprintf(`
import {
  to = accounts_b3os_api_key.legacy
  id = %q
}

resource "accounts_b3os_api_key" "legacy" {
  service_account_id = %q
  name               = "legacy-key"
  scope              = "read"
  keepers            = { owner = "platform" }
}
`, existing.ID, account))
	cli.MustRun("init", "-input=false")
	out := cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !acctest.ErrorMatching("Warning: The API key's secret is not imported.*its key attribute is null").MatchString(out) ||
		!strings.Contains(out, "1 imported, 0 added, 1 changed, 0 destroyed") {
		t.Fatalf("the import did not say that the secret stays out of state:\n%s", out)
	}
	shown := cli.MustRun("state", "show", "-no-color", "accounts_b3os_api_key.legacy")
	if strings.Contains(shown, existing.Key) || !regexp.MustCompile(`status\s+= "active"`).MatchString(shown) {
		t.Fatalf("state after the import:\n%s", shown)
	}
	if out, code := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the plan after the import is not empty (exit %d):\n%s", code, out)
	}
	cli.MustRun("destroy", "-auto-approve", "-input=false")
	if got := statusWith(t, f, existing.Key); got != http.StatusUnauthorized {
		t.Fatalf("after destroy the imported key answers %d, want 401", got)
	}
}

// TestAccB3OSAPIKey_rotateAfterReplacesADueKey: the first plan after the key is rotate_after
// old replaces it; the plan after that is empty.
func TestAccB3OSAPIKey_rotateAfterReplacesADueKey(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := f.Config(keyConfig(`  scope        = "read"
  rotate_after = "5s"`))
	var firstID, firstSecret string
	keyTest(t, f, []resource.TestStep{
		{Config: config, Check: resource.ComposeAggregateTestCheckFunc(checkKeys(f, 1), remember("id", &firstID), remember("key", &firstSecret))},
		{
			// Not due yet: nothing changes.
			Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(keyAddress, plancheck.ResourceActionNoop),
			}},
		},
		{
			PreConfig: func() { time.Sleep(6 * time.Second) },
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(keyAddress, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(checkKeys(f, 2), revokedAfter(f, &firstID, false),
				expectStatusWith(t, f, &firstSecret, http.StatusUnauthorized)),
		},
	})
}

func TestAccB3OSAPIKey_identity(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := f.Config(keyConfig(`  scope = "read"`))
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.IdentityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoActiveKey(f),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(keyAddress, map[string]knownvalue.Check{
						"id": knownvalue.StringRegexp(regexp.MustCompile(`^ak_[0-9a-f]{24}$`)),
					}),
					statecheck.ExpectIdentityValueMatchesState(keyAddress, tfjsonpath.New("id")),
				},
			},
			{
				// An import block with the identity from state: the plan imports and changes nothing.
				Config:          config,
				ResourceName:    keyAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}
