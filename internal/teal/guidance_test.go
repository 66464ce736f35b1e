package teal_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// documentedExample is the resource page's example, its first resource pointed at this fake's
// seeded user: what a newcomer copies.
func documentedExample(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "accounts_teal_payroll_account", "resource.tf"))
	if err != nil {
		t.Fatal(err)
	}
	example, _, _ := strings.Cut(string(raw), "# Dayforce needs the company name.")
	return strings.Replace(example, `email = "jane.smith@company.com"`, `email = "jane.fake@example.com"`, 1)
}

// TestAccTealPayrollAccount_mfaFlowAsDocumented runs the documented MFA flow with the documented
// variables, secrets in TF_VAR_ variables: the first apply ends with a warning that names the
// MFA method, where the answer goes and the next command; the second submits the answer; after
// that, with the answer's variables unset again (their default is null), the plan is empty.
func TestAccTealPayrollAccount_mfaFlowAsDocumented(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	cli := acctest.NewCLI(t, tfversion.Version1_11_0)
	cli.Write("main.tf", f.ProviderConfig()+documentedExample(t))
	cli.Setenv("TF_VAR_payroll_password", "pw")
	cli.MustRun("init", "-input=false")
	out := cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	t.Logf("first apply:\n%s", out)
	guidance := acctest.ErrorMatching(`Warning: The payroll provider asks for MFA: apply again with the answer .* ` +
		`adp asks for mfa_method.type "Code", a code, sent by SMS. .* mfa_response_wo .* ` +
		`TF_VAR_mfa_answer=<the answer> TF_VAR_mfa_answer_version=1 terraform apply`)
	if !guidance.MatchString(out) {
		t.Fatalf("the first apply does not say how to answer the MFA question:\n%s", out)
	}
	accounts := f.State().Teal.Accounts
	if len(accounts) != 1 || accounts[0].Status != "PENDING" || len(accounts[0].MFAAnswers) != 0 {
		t.Fatalf("after the first apply Teal holds %+v, want one PENDING account, no answer", accounts)
	}

	answer := cli.Clone()
	answer.Setenv("TF_VAR_mfa_answer", fakeserver.TealMFACode)
	answer.Setenv("TF_VAR_mfa_answer_version", "1")
	answer.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	accounts = f.State().Teal.Accounts
	if len(accounts) != 1 || accounts[0].Status != "ACTIVE" || !slices.Equal(accounts[0].MFAAnswers, []string{fakeserver.TealMFACode}) {
		t.Fatalf("after the answer Teal holds %+v, want one ACTIVE account that got the code", accounts)
	}
	if out, code := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("with the answer's variables back at their null default, the plan is not empty (exit %d):\n%s", code, out)
	}
}

// TestAccTealPayrollAccount_sandboxEndpointWarnsOnce: without teal.endpoint the provider talks
// to Teal's sandbox, and the plan says so once, naming teal.endpoint and TEAL_ENDPOINT, however
// many accounts it plans.
func TestAccTealPayrollAccount_sandboxEndpointWarnsOnce(t *testing.T) {
	t.Parallel()
	cli := acctest.NewCLI(t, tfversion.Version1_11_0)
	cli.Setenv("TEAL_ENDPOINT", "")
	cli.Write("main.tf", `provider "accounts" {
  teal = { api_key = "sandbox-key" }
}
`+strings.Replace(accountConfig(fakeserver.TealProviderOAuth2, ""), `"test"`, `"one"`, 1)+
		strings.Replace(accountConfig(fakeserver.TealProviderOAuth2, ""), `"test"`, `"two"`, 1))
	cli.MustRun("init", "-input=false")
	out := cli.MustRun("plan", "-input=false", "-no-color")
	warning := acctest.ErrorMatching(`Warning: Teal accounts are managed in Teal's sandbox .* https://api.sandbox.goteal.co, Teal's sandbox, since ` +
		`teal.endpoint is not set (nor TEAL_ENDPOINT) .* teal.endpoint = "https://api.goteal.co"`)
	if !warning.MatchString(out) {
		t.Fatalf("the plan does not warn that it manages the sandbox:\n%s", out)
	}
	if n := strings.Count(out, "Teal accounts are managed in Teal's sandbox"); n != 1 {
		t.Fatalf("the plan warns %d times, want once:\n%s", n, out)
	}
}
