package provider_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// unknownAccount is an ISC account whose provider takes its client secret from a resource, so
// that the secret is known only after that resource is applied; Poozle's token is unknown too,
// and nothing uses Poozle. rotation changes the secret's resource.
func unknownAccount(f *acctest.Fake, rotation string) string {
	return f.ProviderConfigWith(map[string]string{ //nolint:gosec // expressions, not credentials
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
// plan time, and the apply configures the provider with the value.
func TestAccProvider_unknownSettingPlansUntilTheAPIIsNeeded(t *testing.T) {
	f := acctest.NewFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: unknownAccount(f, "first"),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("accounts_isc_account.unknown", "native_identity", "unknown-secret"),
				acctest.CheckHoldsOne(f, "accounts_isc_account.unknown", heldUnknownAccount, nil),
			),
		}},
	})
}

// A refresh, which needs the API, fails while the setting is unknown, naming it, and so does a
// data source's read; a plan without refresh goes on.
func TestAccProvider_unknownSettingFailsOnlyTheRefresh(t *testing.T) {
	f := acctest.NewFake(t)
	cli := acctest.NewCLI(t, version.Must(version.NewVersion("1.11.0")))
	cli.Write("main.tf", unknownAccount(f, "first"))
	cli.MustRun("init", "-input=false")
	// A remote run: the plan, with the secret unknown, is saved; the apply, in another process,
	// configures the provider once the secret is known.
	if out := cli.ApplySavedPlan(); !strings.Contains(out, "3 added, 0 changed, 0 destroyed") {
		t.Fatalf("the saved plan did not create the secret and the account:\n%s", out)
	}
	cli.Write("main.tf", unknownAccount(f, "rotated"))
	out, code := cli.Run("plan", "-input=false", "-no-color")
	if code == 0 || !acctest.ErrorMatching(`Unknown provider setting isc.client_secret .* known only after apply.* -refresh=false`).MatchString(out) {
		t.Fatalf("the refresh while isc.client_secret is unknown exited %d, want the error naming it:\n%s", code, out)
	}
	if out := cli.MustRun("plan", "-input=false", "-no-color", "-refresh=false"); !strings.Contains(out, "1 to add, 0 to change, 1 to destroy") {
		t.Fatalf("the plan without refresh does not replace only the secret:\n%s", out)
	}
	// A data source needs the API at plan time, refresh or not.
	cli.Write("source.tf", fmt.Sprintf("data \"accounts_isc_source\" \"flat\" {\n  id = %q\n}\n", fakeserver.ISCFlatFileSourceID))
	out, code = cli.Run("plan", "-input=false", "-no-color", "-refresh=false")
	if code == 0 || !acctest.ErrorMatching(`Unknown provider setting isc.client_secret .* data.accounts_isc_source.flat`).MatchString(out) {
		t.Fatalf("the data source's read while isc.client_secret is unknown exited %d, want the error naming it:\n%s", code, out)
	}
	cli.Write("source.tf", "")
	cli.MustRun("apply", "-auto-approve", "-input=false", "-refresh=false")
	if held := heldUnknownAccount.Find(f); len(held) != 1 {
		t.Fatalf("server holds %d accounts, want 1", len(held))
	}
	cli.MustRun("destroy", "-auto-approve", "-input=false")
	if held := heldUnknownAccount.Find(f); len(held) != 0 {
		t.Fatalf("server holds %d accounts after destroy, want 0", len(held))
	}
}

// An ephemeral input variable, which Terraform never stores in a plan or state, configures the
// provider.
func TestAccProvider_ephemeralVariableConfiguresTheProvider(t *testing.T) {
	f := acctest.NewFake(t)
	configuration := f.ProviderConfigWith(map[string]string{"isc.client_secret": "var.client_secret"}) + //nolint:gosec // an expression, not a credential
		fmt.Sprintf(`
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
