package poozle_test

import (
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
)

// A remote run (HCP Terraform) plans into a file and applies the file in another process, with
// the API key as a sensitive workspace variable (TF_VAR_api_key) in both: the saved plans create,
// rotate and destroy the account, the plan file never holds the key, and the plan after each
// apply is empty.
func TestAccPoozleIntegrationAccount_savedPlansApplyInANewProcess(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	run := func(version int, key string) acctest.SavedRun {
		return acctest.SavedRun{
			Config: writeOnlyConfig("saved", version), Env: []string{"TF_VAR_api_key=" + key}, Secrets: []string{key},
			Check: checkHolds(f, "saved", configEquals(map[string]any{"api_key": key, "org": "acme"})),
		}
	}
	acctest.TestSavedPlans(t, f, []acctest.SavedRun{run(1, "saved-key-1"), run(2, "saved-key-2")}, checkNoAccounts(f))
}
