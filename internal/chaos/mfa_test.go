package chaos

import (
	"slices"
	"strings"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// The MFA answers TestAccSecretsAuditMFA gives: one the payroll provider refuses, then the one
// it accepts (a date, which nothing else in a log looks like).
const (
	wrongMFAAnswer = "mfa-wrong-answer-7Qx2"
	rightMFAAnswer = fakeserver.TealMFADate
)

// tealMFA is the Teal payroll account of a provider that asks for a date before the login
// completes; with value "answered", the answer comes from an ephemeral variable, as the docs
// advise. The MFA answers join the passwords among the audited secrets.
var tealMFA = func() kind {
	k := tealPayrollAccount
	k.block = func(name, value string) string {
		block := strings.Replace(tealPayrollAccount.block(name, value), fakeserver.TealProviderCredentials, fakeserver.TealProviderDate, 1)
		if value != "answered" {
			return block
		}
		return strings.TrimSuffix(block, "}\n") +
			"  mfa_response_wo         = var.mfa\n  mfa_response_wo_version = 1\n  wait_for_active         = true\n}\n"
	}
	k.secrets = func(names []string) []string {
		return append(tealPayrollAccount.secrets(names), wrongMFAAnswer, rightMFAAnswer)
	}
	return k
}()

const mfaVariable = `
variable "mfa" {
  type      = string
  ephemeral = true
  sensitive = true
  default   = null
}
`

// TestAccSecretsAuditMFA runs Teal's two-apply MFA flow under the secrets audit: the create, an
// answer the provider refuses, then the right one. Neither answer may appear in any TRACE log,
// output (plans, diagnostics) or state file, although both reached the server.
func TestAccSecretsAuditMFA(t *testing.T) {
	t.Parallel()
	c := newChaosRun(t, tealMFA, names)
	c.fake.ConfigureTeal(func(s *fakeserver.TealSettings) { s.ActivationDelayMS = 20 })
	c.managed = names
	c.w.write(mfaVariable + c.config(""))
	if err := c.w.apply(); err != nil {
		t.Fatal(err)
	}
	c.w.write(mfaVariable + c.config("answered"))
	c.w.env = []string{"TF_VAR_mfa=" + wrongMFAAnswer}
	if err := c.w.apply(); err == nil || !strings.Contains(err.Error(), "Teal did not accept the MFA answer") {
		t.Fatalf("apply with a wrong MFA answer: %v, want a refusal", err)
	}
	c.w.env = []string{"TF_VAR_mfa=" + rightMFAAnswer}
	if err := c.w.apply(); err != nil {
		t.Fatal(err)
	}
	c.expectPlan("")
	for _, a := range c.fake.State().Teal.Accounts {
		if c.seeds[a.AccountID] {
			continue
		}
		if !slices.Equal(a.MFAAnswers, []string{wrongMFAAnswer, rightMFAAnswer}) || a.Status != fakeserver.TealStatusActive {
			t.Errorf("the server holds %s with answers %q, status %s", a.UserName, a.MFAAnswers, a.Status)
		}
	}
	// The logs must show the answer's request body, redacted: else their silence proves nothing.
	if !c.w.anyTextHolds(`{\"mfa\":\"***\"}`) {
		t.Error(`no TRACE log holds the redacted MFA request body {"mfa":"***"}`)
	}
	c.finish("MFA answered in a second apply, a wrong answer first")
}

// anyTextHolds reports whether any text the audit reads holds s.
func (w *workspace) anyTextHolds(s string) bool {
	for _, text := range w.texts() {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}
