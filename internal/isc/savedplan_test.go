package isc_test

import (
	"fmt"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// A remote run (HCP Terraform) plans into a file and applies the file in another process: the
// saved plans create, update and destroy the account, and the plan after each apply is empty.
func TestAccISCAccount_savedPlansApplyInANewProcess(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	acctest.TestSavedPlans(t, f, []acctest.SavedRun{
		{Config: accountConfig("saved", "Saved Plan", ""), Check: checkServerHolds(f, "saved", nil)},
		{Config: accountConfig("saved", "Saved Plan Renamed", ""), Check: checkServerHolds(f, "saved", func(a fakeserver.ISCAccount) error {
			if got := a.Attributes["displayName"]; got != "Saved Plan Renamed" {
				return fmt.Errorf("server holds displayName %v", got)
			}
			return nil
		})},
	}, checkNoAccount(f, "saved"))
}
