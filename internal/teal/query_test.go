package teal_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// TestAccTealPayrollAccount_queryGeneratesConfigThatImportsEverything is the guide's workflow, as
// a user runs it: terraform query -generate-config-out over accounts linked outside Terraform,
// the edits the guide describes (a Dayforce account's company_name, which Teal never returns, and
// a password_wo_version), then an apply of the generated file imports them all, changing nothing on Teal, and the next
// plan is empty.
func TestAccTealPayrollAccount_queryGeneratesConfigThatImportsEverything(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	cli := acctest.NewCLI(t, tfversion.Version1_14_0)
	ids := []string{
		f.SeedTealAccount(fakeserver.TealUserID, fakeserver.TealProviderCredentials, "jane@example.com"),
		f.SeedTealAccount(fakeserver.TealUserID, fakeserver.TealProviderSMSCode, "jane.smith"),
		f.SeedTealAccount(fakeserver.TealUserID, fakeserver.TealProviderOAuth2, ""),
		f.SeedTealAccount(fakeserver.TealUserID, fakeserver.TealProviderDayforce, "jsmith"),
	}
	f.SeedTealAccount(fakeserver.TealUserRevokedID, fakeserver.TealProviderCredentials, "rita@example.com")
	cli.Write("main.tf", f.ProviderConfig())
	cli.Write("accounts.tfquery.hcl", listBlock("jane", userScope(fakeserver.TealUserID)))
	cli.MustRun("init", "-input=false")
	cli.MustRun("query", "-generate-config-out=generated.tf")

	generated := cli.Read("generated.tf")
	for _, id := range ids {
		identity := regexp.MustCompile(fmt.Sprintf(`identity = \{\s+account_id = %q\s+user_id\s+= %q`, id, fakeserver.TealUserID))
		if !identity.MatchString(generated) {
			t.Fatalf("generated.tf has no import of account %s by identity:\n%s", id, generated)
		}
	}
	if n := strings.Count(generated, "import {"); n != len(ids) {
		t.Fatalf("generated.tf imports %d accounts, want %d:\n%s", n, len(ids), generated)
	}

	// Teal never returns extra_login_params, and a Dayforce account needs its company_name.
	out, code := cli.Run("plan", "-input=false", "-no-color")
	if code == 0 || !acctest.ErrorMatching(`Missing company_name for Dayforce .* accounts_teal_payroll_account.jane_3`).MatchString(out) {
		t.Fatalf("the plan of the generated file does not ask for the Dayforce company_name (exit %d):\n%s", code, out)
	}
	generated = edit(t, generated, "jane_3", "extra_login_params      = null", `extra_login_params      = { company_name = "ACME Corp" }`)
	// A creation parameter set before the first apply is recorded, not a replacement.
	generated = edit(t, generated, "jane_0", "password_wo_version     = null", "password_wo_version     = 1")
	cli.Write("generated.tf", generated)

	cli.MustImportAll(len(ids))
	for _, method := range []string{"POST", "PUT", "DELETE"} {
		if n := f.RequestCount(fakeserver.APITeal, method, "/accounts"); n != 0 {
			t.Errorf("the import sent %d %s requests to Teal, want none", n, method)
		}
	}
	if n := len(f.State().Teal.Accounts); n != len(ids)+1 {
		t.Errorf("Teal holds %d accounts, want %d", n, len(ids)+1)
	}
}

// edit replaces the line unset with set in the generated resource name, as the guide asks the user to.
func edit(t *testing.T, generated, name, unset, set string) string {
	t.Helper()
	// Terraform aligns the generated attributes; compare lines with one space around "=".
	generated = regexp.MustCompile(`(?m)^(\s+\w+)\s+= `).ReplaceAllString(generated, "$1 = ")
	unset = regexp.MustCompile(`\s+= `).ReplaceAllString(unset, " = ")
	header := fmt.Sprintf("resource \"accounts_teal_payroll_account\" %q {", name)
	start := strings.Index(generated, header)
	length := strings.Index(generated[max(start, 0):], "\n}\n")
	if start < 0 || length < 0 || !strings.Contains(generated[start:start+length], unset) {
		t.Fatalf("generated.tf has no resource %s with %s:\n%s", name, unset, generated)
	}
	block := strings.Replace(generated[start:start+length], unset, set, 1)
	return generated[:start] + block + generated[start+length:]
}
