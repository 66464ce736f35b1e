package isc_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// callerVersion is the first Terraform whose actions may name their triggering resource as
// caller: referring to it by address is a cycle for an after_update trigger.
var callerVersion = version.Must(version.NewVersion("1.16.0"))

// actionCLI is a Terraform CLI with actions (1.14 and later; the test skips on older ones)
// in a working directory holding the provider block and body, initialised.
func actionCLI(t *testing.T, f *acctest.Fake, body string) *acctest.CLI {
	t.Helper()
	return actionCLISince(t, tfversion.Version1_14_0, f, body)
}

// actionCLISince is actionCLI on a Terraform of minimum or later.
func actionCLISince(t *testing.T, minimum *version.Version, f *acctest.Fake, body string) *acctest.CLI {
	t.Helper()
	cli := acctest.NewCLI(t, minimum)
	cli.Write("main.tf", f.Config(body))
	cli.MustRun("init", "-input=false")
	return cli
}

// mustShow fails t unless out holds each of lines (each may span wrapped lines, see
// acctest.ErrorMatching).
func mustShow(t *testing.T, out string, lines ...string) {
	t.Helper()
	for _, line := range lines {
		if !acctest.ErrorMatching(line).MatchString(out) {
			t.Fatalf("the output lacks %q:\n%s", line, out)
		}
	}
}

// serverAccount is the fake's account with an id.
func serverAccount(t *testing.T, f *acctest.Fake, id string) fakeserver.ISCAccount {
	t.Helper()
	for _, a := range f.State().ISC.Accounts {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("the server holds no account %s", id)
	return fakeserver.ISCAccount{}
}

// actionBlock is an action block of typeName with the attributes of config, one per line.
func actionBlock(typeName, name string, config ...string) string {
	return fmt.Sprintf("\naction %q %q {\n  config {\n    %s\n  }\n}\n", typeName, name, strings.Join(config, "\n    "))
}

// reloadAction reloads the account whose id is the expression accountID.
func reloadAction(accountID string) string {
	return actionBlock("accounts_isc_account_reload", "jdoe", "account_id = "+accountID)
}

// TestAccISCAccountReload_invoked: terraform apply -invoke reloads the account from the
// connector's record, streaming the task's progress; a reload ISC's task refuses is reported
// with ISC's message.
func TestAccISCAccountReload_invoked(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	id := f.SeedISCAccount(fakeserver.ISCDirectSourceID, map[string]any{"sAMAccountName": "jdoe", "displayName": "J Doe"})
	f.SetISCSourceRecord(fakeserver.ISCDirectSourceID, map[string]any{"sAMAccountName": "jdoe", "displayName": "John Doe",
		"mail": "jdoe@example.com", "memberOf": []string{"CN=Staff"}})
	cli := actionCLI(t, f, reloadAction(fmt.Sprintf("%q", id)))

	out := cli.MustRun("apply", "-invoke=action.accounts_isc_account_reload.jdoe", "-auto-approve", "-input=false", "-no-color")
	mustShow(t, out, "ISC task .* submitted", "ISC task .* (Cloud Account Reload): completed: SUCCESS",
		"Account "+id+" reloaded from its source")
	if a := serverAccount(t, f, id); a.Attributes["mail"] != "jdoe@example.com" || a.Name != "John Doe" {
		t.Fatalf("the reload did not take up the connector's record: %+v", a)
	}

	flat := f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{"id": "e1", "displayName": "Employee One"})
	cli.Write("main.tf", f.Config(reloadAction(fmt.Sprintf("%q", flat))))
	out, code := cli.Run("apply", "-invoke=action.accounts_isc_account_reload.jdoe", "-auto-approve", "-input=false", "-no-color")
	if code == 0 {
		t.Fatalf("a reload on a delimited-file source succeeded:\n%s", out)
	}
	mustShow(t, out, "Reloading ISC account "+flat+" failed", "ended with status ERROR: Source 'HR Flat File' cannot read a single account")
}

// TestAccISCAccountReload_triggered: an account created on a direct source is reloaded after its
// create (an action_trigger), taking up what the connector holds beyond the configuration, and
// the next plan is empty.
func TestAccISCAccountReload_triggered(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.SetISCSourceRecord(fakeserver.ISCDirectSourceID, map[string]any{"sAMAccountName": "jdoe", "displayName": "John Doe",
		"distinguishedName": "CN=John Doe,OU=Staff", "mail": "jdoe@example.com"})
	cli := actionCLISince(t, callerVersion, f, `
resource "accounts_isc_account" "jdoe" {
  source_id  = "`+fakeserver.ISCDirectSourceID+`"
  attributes = { sAMAccountName = "jdoe", displayName = "John Doe" }
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.accounts_isc_account_reload.jdoe]
    }
  }
}
`+reloadAction("caller.id"))

	out := cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	mustShow(t, out, "(triggered by accounts_isc_account.jdoe)", "ISC task .* (Cloud Account Reload): completed: SUCCESS")
	accounts := f.State().ISC.Accounts
	if len(accounts) != 1 || accounts[0].Attributes["distinguishedName"] != "CN=John Doe,OU=Staff" {
		t.Fatalf("the triggered reload did not take up the connector's record: %+v", accounts)
	}
	if out, code := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the plan after the reload is not empty (exit %d):\n%s", code, out)
	}
	if n := f.RequestCount("isc", "POST", "/accounts/v1/"+accounts[0].ID+"/reload"); n != 1 {
		t.Fatalf("%d reloads, want 1", n)
	}
}

// TestAccISCAccountReload_timesOutAndRejectsBadIDs: a task ISC never shows ends the invocation at
// timeouts.invoke, saying the task may still finish; an id that is not ISC's fails the plan,
// naming the attribute.
func TestAccISCAccountReload_timesOutAndRejectsBadIDs(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	id := f.SeedISCAccount(fakeserver.ISCDirectSourceID, map[string]any{"sAMAccountName": "jdoe", "displayName": "John Doe"})
	f.AddFault(fakeserver.Fault{API: "isc", Method: "POST", Path: "/accounts/v1/" + id + "/reload", TaskHidden: true})
	cli := actionCLI(t, f, actionBlock("accounts_isc_account_reload", "jdoe", fmt.Sprintf("account_id = %q", id), `timeouts = { invoke = "3s" }`))
	out, code := cli.Run("apply", "-invoke=action.accounts_isc_account_reload.jdoe", "-auto-approve", "-input=false", "-no-color")
	if code == 0 {
		t.Fatalf("a task ISC never shows did not time out:\n%s", out)
	}
	mustShow(t, out, "ISC task .* submitted", "context deadline exceeded", "did not finish within timeouts.invoke")

	cli.Write("main.tf", f.Config(actionBlock("accounts_isc_account_reload", "jdoe", `account_id = "jdoe"`, `timeouts = { invoke = "0s" }`)))
	out, _ = cli.Run("plan", "-input=false", "-no-color")
	mustShow(t, out, "account_id", "must be an ISC id: 32 hexadecimal digits", "timeouts.invoke must be a positive duration")
}
