package isc_test

import (
	"fmt"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// unlockAction unlocks the account whose id is the expression accountID.
func unlockAction(accountID string) string {
	return actionBlock("accounts_isc_account_unlock", "jdoe", "account_id = "+accountID)
}

// TestAccISCAccountUnlock_invoked: terraform apply -invoke unlocks a locked account, streaming
// the task's progress; an unlock the source cannot do fails with ISC's message and leaves the
// account locked.
func TestAccISCAccountUnlock_invoked(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	id := f.SeedISCAccount(fakeserver.ISCDirectSourceID, map[string]any{"sAMAccountName": "jdoe", "displayName": "John Doe"})
	f.LockISCAccount(id)
	cli := actionCLI(t, f, unlockAction(fmt.Sprintf("%q", id)))

	out := cli.MustRun("apply", "-invoke=action.accounts_isc_account_unlock.jdoe", "-auto-approve", "-input=false", "-no-color")
	mustShow(t, out, "ISC task .* submitted", "ISC task .* (Cloud Account Unlock): completed: SUCCESS", "Account "+id+" unlocked")
	if serverAccount(t, f, id).Locked {
		t.Fatal("the account is still locked")
	}

	flat := f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{"id": "e1", "displayName": "Employee One"})
	f.LockISCAccount(flat)
	cli.Write("main.tf", f.Config(unlockAction(fmt.Sprintf("%q", flat))))
	out, code := cli.Run("apply", "-invoke=action.accounts_isc_account_unlock.jdoe", "-auto-approve", "-input=false", "-no-color")
	if code == 0 {
		t.Fatalf("an unlock on a source without UNLOCK succeeded:\n%s", out)
	}
	mustShow(t, out, "Unlocking ISC account "+flat+" failed", "ended with status ERROR: Source 'HR Flat File' does not support unlocking accounts")
	if !serverAccount(t, f, flat).Locked {
		t.Fatal("a failed unlock unlocked the account")
	}
}

// TestAccISCAccountUnlock_triggered: an update of a locked account (enabling it again) unlocks
// it too, through an after_update trigger.
func TestAccISCAccountUnlock_triggered(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	account := func(disabled bool) string {
		return fmt.Sprintf(`
resource "accounts_isc_account" "jdoe" {
  source_id  = %q
  attributes = { sAMAccountName = "jdoe", displayName = "John Doe" }
  disabled   = %t
  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.accounts_isc_account_unlock.jdoe]
    }
  }
}
`, fakeserver.ISCDirectSourceID, disabled) + unlockAction("caller.id") // the triggering account (Terraform v1.16.0 and later)
	}
	cli := actionCLISince(t, callerVersion, f, account(true))
	out := cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if n := f.RequestCount("isc", "POST", "/accounts/v1/"+f.State().ISC.Accounts[0].ID+"/unlock"); n != 0 {
		t.Fatalf("the create sent %d unlocks, want none:\n%s", n, out)
	}
	id := f.State().ISC.Accounts[0].ID
	f.LockISCAccount(id)

	cli.Write("main.tf", f.Config(account(false)))
	out = cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	mustShow(t, out, "(triggered by accounts_isc_account.jdoe)", "ISC task .* (Cloud Account Unlock): completed: SUCCESS")
	if a := serverAccount(t, f, id); a.Locked || a.Disabled {
		t.Fatalf("the account is locked %t, disabled %t, want neither", a.Locked, a.Disabled)
	}
}
