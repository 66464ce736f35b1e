package b3os_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
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

// checkKeys asserts how many keys the server holds, and how many of them are active; the state's
// key must be one of the active ones.
func checkKeys(f *acctest.Fake, held, active int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		keys, activeIDs := keysHeld(f), map[string]bool{}
		for _, key := range keys {
			if key.Status == "active" {
				activeIDs[key.ID] = true
			}
		}
		if len(keys) != held || len(activeIDs) != active {
			return fmt.Errorf("server holds %d keys, %d active; want %d, %d active: %+v", len(keys), len(activeIDs), held, active, keys)
		}
		id, err := acctest.Attribute(s, keyAddress, "id")
		if err != nil || !activeIDs[id] {
			return fmt.Errorf("state tracks key %q (%v), not an active one: %+v", id, err, keys)
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
				checkKeys(f, 1, 1),
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
	}, expectStatusWith(t, f, &secret, http.StatusUnauthorized))
}
