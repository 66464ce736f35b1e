package b3os_test

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// lostMints loses the answers of the next n mints, after B3OS made their keys.
func lostMints(f *acctest.Fake, n int) {
	f.AddFault(fakeserver.Fault{API: fakeserver.APIB3OS, Method: http.MethodPost, Path: "/v1/api-keys", Drop: "after", Times: n})
}

// TestAccB3OSAPIKey_aLostMintIsRevokedAndMintedAgain: the key a lost answer made has a secret
// nobody holds; it is revoked, and the key in state is the next mint's.
func TestAccB3OSAPIKey_aLostMintIsRevokedAndMintedAgain(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	lostMints(f, 1)
	var secret string
	keyTest(t, f, []resource.TestStep{{
		Config: f.Config(keyConfig(`  scope = "read"`)),
		Check: resource.ComposeAggregateTestCheckFunc(
			checkKeys(f, 2), // the orphan, revoked, and the key in state
			f.CheckRequestCount(fakeserver.APIB3OS, http.MethodPost, "/v1/api-keys", 2),
			f.CheckRequestCount(fakeserver.APIB3OS, http.MethodDelete, "/v1/api-keys/", 1),
			remember("key", &secret), expectStatusWith(t, f, &secret, http.StatusOK),
		),
	}})
}

// TestAccB3OSAPIKey_everyMintLostLeavesNoKeyActive: when every mint's answer is lost, each key
// made is revoked, nothing stays in state, the error says so, and the next apply mints.
func TestAccB3OSAPIKey_everyMintLostLeavesNoKeyActive(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	lostMints(f, 3)
	config := f.Config(keyConfig(`  scope = "read"`))
	keyTest(t, f, []resource.TestStep{
		{
			Config: config,
			ExpectError: acctest.ErrorMatching("Could not create the B3OS API key.*the mint's answer was lost, and with it the key's secret.*" +
				"was revoked, so that no key nobody holds stays active"),
			Check: f.CheckRequestCount(fakeserver.APIB3OS, http.MethodPost, "/v1/api-keys", 3),
		},
		{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkKeys(f, 4), f.CheckRequestCount(fakeserver.APIB3OS, http.MethodPost, "/v1/api-keys", 4)),
		},
	})
}

// TestAccB3OSAPIKey_aLostMintDuringRotationKeepsTheOldKey: with create_before_destroy, the key
// being replaced shares the new key's name, yet it is not taken for the lost mint's orphan.
func TestAccB3OSAPIKey_aLostMintDuringRotationKeepsTheOldKey(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := func(keepers string) string {
		return f.Config(keyConfig(`  scope   = "read"
  keepers = { rotation = "` + keepers + `" }
  lifecycle {
    create_before_destroy = true
  }`))
	}
	var oldID string
	keyTest(t, f, []resource.TestStep{
		{Config: config("1"), Check: remember("id", &oldID)},
		{
			Config: config("2"),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkKeys(f, 3), revokedAfter(f, &oldID, true),
				f.CheckRequestCount(fakeserver.APIB3OS, http.MethodPost, "/v1/api-keys", 3),
				// The orphan's revocation, then the old key's, by the destroy that follows the create.
				f.CheckRequestCount(fakeserver.APIB3OS, http.MethodDelete, "/v1/api-keys/", 2),
			),
			PreConfig: func() { lostMints(f, 1) },
		},
	})
}
