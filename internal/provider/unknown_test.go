package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// unknownAccount is an ISC account whose provider takes its client secret from a resource, so
// that the secret is known only after that resource is applied; Poozle's token is unknown too,
// and nothing uses Poozle. rotation changes the secret's resource.
func unknownAccount(f *acctest.Fake, rotation string) string {
	return f.ProviderConfigWith(map[string]string{
		"isc.client_secret": "terraform_data.secret.output",
		"poozle.token":      "terraform_data.unused.output",
	}) + fmt.Sprintf(`
resource "terraform_data" "secret" {
  input            = %q
  triggers_replace = %q
}
resource "terraform_data" "unused" {
  input = "never used"
}
resource "accounts_isc_account" "unknown" {
  source_id  = %q
  attributes = { id = "unknown-secret" }
}
`, fakeserver.ISCClientSecret, rotation, fakeserver.ISCFlatFileSourceID)
}

var heldUnknownAccount = acctest.Held[fakeserver.ISCAccount]{
	What: `ISC accounts "unknown-secret"`,
	Find: func(f *acctest.Fake) []fakeserver.ISCAccount {
		var found []fakeserver.ISCAccount
		for _, a := range f.State().ISC.Accounts {
			if a.SourceID == fakeserver.ISCFlatFileSourceID && a.NativeIdentity == "unknown-secret" {
				found = append(found, a)
			}
		}
		return found
	},
	ID: func(a fakeserver.ISCAccount) string { return a.ID },
}

// A provider setting known only after apply does not stop the plan: creating needs no API at
// plan time, and the apply configures the provider with the value. A refresh, which needs the
// API, fails while the setting is unknown, naming it.
func TestAccProvider_unknownSettingPlansUntilTheAPIIsNeeded(t *testing.T) {
	f := acctest.NewFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: unknownAccount(f, "first"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("accounts_isc_account.unknown", "native_identity", "unknown-secret"),
					acctest.CheckHoldsOne(f, "accounts_isc_account.unknown", heldUnknownAccount, nil),
				),
			},
			{
				Config:      unknownAccount(f, "rotated"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorMatching(`Unknown provider setting isc.client_secret .* known only after apply .* -refresh=false`),
			},
			{Config: unknownAccount(f, "first"), PlanOnly: true},
		},
	})
}

// An ephemeral input variable, which Terraform never stores in a plan or state, configures the
// provider.
func TestAccProvider_ephemeralVariableConfiguresTheProvider(t *testing.T) {
	f := acctest.NewFake(t)
	configuration := f.ProviderConfigWith(map[string]string{"isc.client_secret": "var.client_secret"}) + fmt.Sprintf(`
variable "client_secret" {
  type      = string
  ephemeral = true
  sensitive = true
}
resource "accounts_isc_account" "unknown" {
  source_id  = %q
  attributes = { id = "unknown-secret" }
}
`, fakeserver.ISCFlatFileSourceID)
	secret := config.Variables{"client_secret": config.StringVariable(fakeserver.ISCClientSecret)}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: configuration, ConfigVariables: secret,
				Check: acctest.CheckHoldsOne(f, "accounts_isc_account.unknown", heldUnknownAccount, nil),
			},
			{Config: configuration, ConfigVariables: secret, PlanOnly: true},
		},
	})
}
