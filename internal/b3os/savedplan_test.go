package b3os_test

import (
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
)

// A remote run (HCP Terraform) plans into a file and applies the file in another process: the
// saved plans create, update and destroy the service account, and the plan after each apply is
// empty.
func TestAccB3OSServiceAccount_savedPlansApplyInANewProcess(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	acctest.TestSavedPlans(t, f, []acctest.SavedRun{
		{
			Config: serviceAccountConfig("saved", "", "workflow:read"),
			Check:  checkServerHolds(f, holding("saved", "", "active", "workflow:read")),
		},
		{
			Config: serviceAccountConfig("saved", "", "workflow:read", "workflow:execute"),
			Check:  checkServerHolds(f, holding("saved", "", "active", "workflow:read", "workflow:execute")),
		},
	}, checkNoServiceAccount(f))
}
