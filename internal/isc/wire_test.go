package isc_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// A token URL that answers 404 is a token failure, not advice about the source or its schema.
func TestAccISCAccount_tokenEndpointFailureIsReportedAsOne(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	wrongTokenURL := map[string]string{"isc.token_url": f.URL + "/isc/oauth/tokens"}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.ProviderConfig(wrongTokenURL) + `
resource "accounts_isc_account" "test" {
  source_id  = "` + fakeserver.ISCFlatFileSourceID + `"
  attributes = { id = "jdoe" }
}
`,
			PlanOnly:    true,
			ExpectError: acctest.ErrorMatching(`token endpoint returned 404.*Getting an access token failed, so the request was not sent. Check isc.token_url (SAILPOINT_TOKEN_URL), which defaults from isc.base_url`),
			Check:       checkNoAccount(f, "jdoe"),
		}},
	})
}
