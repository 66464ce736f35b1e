package poozle_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// TestAccPoozleIntegrationAccount_destroyNotBlockedByPlanChecks: an account that was never
// created, with an integration_definition_id Poozle does not know, is named in the plan (a
// warning), fails its apply before any create, and does not stop terraform destroy of the rest:
// Terraform plans the whole configuration before every destroy.
func TestAccPoozleIntegrationAccount_destroyNotBlockedByPlanChecks(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	cli := acctest.NewCLI(t, tfversion.Version1_11_0)
	other := "resource \"terraform_data\" \"other\" {\n  input = \"kept until destroy\"\n}\n"
	cli.Write("main.tf", f.ProviderConfig()+other)
	cli.MustRun("init", "-input=false")
	cli.MustRun("apply", "-auto-approve", "-input=false")

	cli.Write("account.tf", account{name: "never-created", body: apiKeyConfig}.hcl())
	cli.Write("account.tf", strings.Replace(cli.Read("account.tf"), fakeserver.PoozleGitHubDefinitionID, "github", 1))
	out, code := cli.Run("plan", "-input=false", "-no-color")
	if code != 0 || !acctest.ErrorMatching(`Warning: Unknown integration definition .* Poozle has no integration definition "github"`).MatchString(out) {
		t.Fatalf("the plan does not warn of the unknown definition, or fails (exit %d):\n%s", code, out)
	}
	out, code = cli.Run("apply", "-auto-approve", "-input=false", "-no-color")
	if code == 0 || !acctest.ErrorMatching(`Error: Unknown integration definition`).MatchString(out) {
		t.Fatalf("the apply does not fail on the unknown definition (exit %d):\n%s", code, out)
	}
	out, code = cli.Run("destroy", "-auto-approve", "-input=false", "-no-color")
	if code != 0 {
		t.Fatalf("terraform destroy failed (exit %d):\n%s", code, out)
	}
	if state := strings.TrimSpace(cli.MustRun("state", "list")); state != "" {
		t.Errorf("the state still holds %q after the destroy", state)
	}
	if n := f.RequestCount(fakeserver.APIPoozle, http.MethodPost, "/v1/integration_account"); n != 0 {
		t.Errorf("Poozle received %d creates, want none", n)
	}
	if n := len(f.State().Poozle.IntegrationAccounts); n != 0 {
		t.Errorf("Poozle holds %d accounts, want none", n)
	}
}
