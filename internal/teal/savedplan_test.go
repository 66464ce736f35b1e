package teal_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/teal"
)

// Teal's two-apply MFA flow in remote runs (HCP Terraform): each run plans into a file and
// applies the file in another process. The first run creates the account, which waits for an
// MFA answer; the second gets the answer as a sensitive workspace variable (TF_VAR_mfa), in its
// plan and its apply, and the account becomes active. Neither plan file holds the password or
// the answer, and the plan after each run is empty.
func TestAccTealPayrollAccount_mfaFlowInSavedPlansApplies(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	const password, answer = "saved-plan-pw-81", fakeserver.TealMFACode //nolint:gosec // a fake server's test value
	acctest.TestSavedPlans(t, f, []acctest.SavedRun{
		{
			Config: ephemeralVariables + accountConfig(fakeserver.TealProviderSMSCode, login),
			Env:    []string{"TF_VAR_password=" + password}, Secrets: []string{password},
			Check: checkServerHolds(f, status(teal.StatusPending, nil)),
		},
		{
			Config: ephemeralVariables + accountConfig(fakeserver.TealProviderSMSCode, login+`
  mfa_response_wo         = var.mfa
  mfa_response_wo_version = 1
  wait_for_active         = true`),
			Env:     []string{"TF_VAR_password=" + password, "TF_VAR_mfa=" + answer},
			Secrets: []string{password, answer},
			Check:   checkServerHolds(f, status(teal.StatusActive, []string{answer})),
		},
	}, nil)
}

func status(want string, answers []string) func(fakeserver.TealAccountRecord) error {
	return func(a fakeserver.TealAccountRecord) error {
		if a.Status != want || !slices.Equal(a.MFAAnswers, answers) {
			return fmt.Errorf("server holds status %s with answers %q, want %s with %q", a.Status, a.MFAAnswers, want, answers)
		}
		return nil
	}
}
