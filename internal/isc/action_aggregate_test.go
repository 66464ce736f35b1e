package isc_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// aggregateAction aggregates the flat-file source with the attributes of config.
func aggregateAction(config ...string) string {
	return actionBlock("accounts_isc_source_aggregate", "hr", append([]string{fmt.Sprintf("source_id = %q", fakeserver.ISCFlatFileSourceID)}, config...)...)
}

const invokeAggregate = "-invoke=action.accounts_isc_source_aggregate.hr"

// flatFileIdentities are the native identities of the flat-file source's accounts on the fake.
func flatFileIdentities(f *acctest.Fake) []string {
	var identities []string
	for _, a := range f.State().ISC.Accounts {
		if a.SourceID == fakeserver.ISCFlatFileSourceID {
			identities = append(identities, a.NativeIdentity)
		}
	}
	slices.Sort(identities)
	return identities
}

// fakeCounting429s is a fake whose listener counts the 429 answers it sends.
func fakeCounting429s(t *testing.T) (*acctest.Fake, *atomic.Int64) {
	t.Helper()
	server := fakeserver.New()
	var throttled atomic.Int64
	listener := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		recorder := &statusRecorder{ResponseWriter: w}
		server.ServeHTTP(recorder, r)
		if recorder.status == http.StatusTooManyRequests {
			throttled.Add(1)
		}
	}))
	t.Cleanup(listener.Close)
	return &acctest.Fake{Server: server, URL: listener.URL}, &throttled
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// TestAccISCSourceAggregate_invokedWith2000Rows: terraform apply -invoke uploads a 2,000-row
// file; the aggregation adds, changes and removes accounts, its progress and counts show in the
// CLI's output, and the whole run stays within ISC's rate limit.
func TestAccISCSourceAggregate_invokedWith2000Rows(t *testing.T) {
	t.Parallel()
	f, throttled := fakeCounting429s(t)
	for i := range 5 { // e0000…e0004 change their name; gone0…gone4 are not in the file
		f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{"id": fmt.Sprintf("e%04d", i), "displayName": "Old Name"})
		f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{"id": fmt.Sprintf("gone%d", i), "displayName": "Gone"})
	}
	var file strings.Builder
	file.WriteString("id,displayName,email,department,groups\n")
	for i := range 2000 {
		fmt.Fprintf(&file, "e%04d,Employee %d,e%04d@example.com,Sales,staff|vpn\n", i, i, i)
	}
	cli := acctest.NewCLI(t, tfversion.Version1_14_0)
	// An absolute path: the provider under test runs in the test's process, not in cli.Dir.
	cli.Write("main.tf", f.Config(aggregateAction(fmt.Sprintf("file = %q", filepath.Join(cli.Dir, "hr.csv")))))
	cli.Write("hr.csv", file.String())
	cli.MustRun("init", "-input=false")

	out := cli.MustRun("apply", invokeAggregate, "-auto-approve", "-input=false", "-no-color")
	mustShow(t, out, "ISC task .* submitted", "Aggregation STARTED", "Aggregation ACCOUNTS_COLLECTED: .* of 2005 new, changed and removed accounts processed",
		"ISC task .* (Cloud Account Aggregation): completed: SUCCESS",
		"Aggregation of source "+fakeserver.ISCFlatFileSourceID+" SUCCESS: 2000 accounts found, 1995 added, 5 changed, 5 removed, 0 unchanged, 0 ignored")
	identities := flatFileIdentities(f)
	if len(identities) != 2000 || identities[0] != "e0000" || slices.Contains(identities, "gone0") {
		t.Fatalf("the source holds %d accounts after the aggregation (first %v)", len(identities), identities[:min(3, len(identities))])
	}
	requests := f.RequestCount("isc", "", "")
	t.Logf("2,000-row aggregation: %d ISC requests (%d uploads, %d task-status polls, %d aggregation status reads), %d answered 429",
		requests, f.RequestCount("isc", "POST", "/sources/v1"), f.RequestCount("isc", "GET", "/task-status/v1"),
		f.RequestCount("isc", "GET", "/account-aggregations/v1"), throttled.Load())
	if throttled.Load() != 0 || requests > 20 {
		t.Fatalf("the aggregation sent %d requests, %d answered 429; want at most 20 and no 429", requests, throttled.Load())
	}
}

// TestAccISCSourceAggregate_failedTaskShowsISCsMessages: a file the source cannot read fails the
// invocation with ISC's message, and the accounts stay as they were.
func TestAccISCSourceAggregate_failedTaskShowsISCsMessages(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{"id": "e1", "displayName": "Employee One"})
	cli := actionCLI(t, f, aggregateAction(`content = "displayName,email\nEmployee One,e1@example.com\n"`))
	out, code := cli.Run("apply", invokeAggregate, "-auto-approve", "-input=false", "-no-color")
	if code == 0 {
		t.Fatalf("an aggregation of a file without the identity column succeeded:\n%s", out)
	}
	mustShow(t, out, "Aggregating ISC source "+fakeserver.ISCFlatFileSourceID+" failed",
		`ended with status ERROR: The file has no column "id", the identity attribute of source 'HR Flat File'.`)
	if got := flatFileIdentities(f); !slices.Equal(got, []string{"e1"}) {
		t.Fatalf("a failed aggregation changed the accounts: %v", got)
	}

	cli.Write("main.tf", f.Config(aggregateAction(`file = "missing.csv"`)))
	out, _ = cli.Run("apply", invokeAggregate, "-auto-approve", "-input=false", "-no-color")
	mustShow(t, out, "Cannot read the aggregation's file", "Set file to the path of a readable CSV file")
	cli.Write("main.tf", f.Config(aggregateAction(`file = "a.csv"`, `content = "id\n"`)))
	out, _ = cli.Run("plan", "-input=false", "-no-color")
	mustShow(t, out, "Invalid Attribute Combination", "cannot be configured together: [file,content]")
}

// TestAccISCSourceAggregate_triggeredAfterAccountsAreCreated is the documented pattern: the
// file is built from the accounts Terraform manages on a flat-file source, and a terraform_data
// holding it triggers the aggregation after they are created, so the next aggregation cannot
// remove them. An account ISC held that the file lacks is removed; one the file adds appears.
func TestAccISCSourceAggregate_triggeredAfterAccountsAreCreated(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{"id": "left", "displayName": "Left The Company"})
	cli := actionCLI(t, f, `
locals {
  employees = { e1 = "Employee One", e2 = "Employee Two", e3 = "Employee Three" }
}

resource "accounts_isc_account" "hr" {
  for_each   = local.employees
  source_id  = "`+fakeserver.ISCFlatFileSourceID+`"
  attributes = { id = each.key, displayName = each.value }
}

resource "terraform_data" "hr_file" {
  input = join("", concat(["id,displayName\n", "contractor,A Contractor\n"],
    [for a in accounts_isc_account.hr : "${a.attributes.id},${a.attributes.displayName}\n"]))
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.accounts_isc_source_aggregate.hr]
    }
  }
}
`+aggregateAction("content = terraform_data.hr_file.output"))

	out := cli.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	mustShow(t, out, "(triggered by terraform_data.hr_file)",
		"SUCCESS: 4 accounts found, 1 added, 0 changed, 1 removed, 3 unchanged, 0 ignored")
	if got := flatFileIdentities(f); !slices.Equal(got, []string{"contractor", "e1", "e2", "e3"}) {
		t.Fatalf("accounts after the triggered aggregation: %v", got)
	}
	if out, code := cli.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); code != 0 {
		t.Fatalf("the plan after the aggregation is not empty (exit %d):\n%s", code, out)
	}
}
