package isc_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// TestAccISCAccount_queryGeneratesConfigThatImportsEverything is the guide's workflow, as a user
// runs it: terraform query -generate-config-out over accounts made outside Terraform, then an
// apply of the generated file imports them all, changing nothing on ISC, and the next plan is empty.
func TestAccISCAccount_queryGeneratesConfigThatImportsEverything(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	cli := acctest.NewCLI(t, tfversion.Version1_14_0)
	ids := seedUsers(f, "user", 30)
	f.SeedISCAccount(fakeserver.ISCDirectSourceID, map[string]any{"sAMAccountName": "other", "displayName": "Other"})
	cli.Write("main.tf", f.ProviderConfig())
	cli.Write("accounts.tfquery.hcl", listBlock("hr", fmt.Sprintf("  config {\n    source_id = %q\n  }", fakeserver.ISCFlatFileSourceID)))
	cli.MustRun("init", "-input=false")
	cli.MustRun("query", "-generate-config-out=generated.tf")

	generated := cli.Read("generated.tf")
	for _, id := range ids {
		if !strings.Contains(generated, fmt.Sprintf("id = %q", id)) {
			t.Fatalf("generated.tf has no import of account %s:\n%s", id, generated)
		}
	}
	if n := strings.Count(generated, "import {"); n != len(ids) {
		t.Fatalf("generated.tf imports %d accounts, want %d:\n%s", n, len(ids), generated)
	}

	cli.MustImportAll(len(ids))
	for _, method := range []string{"POST", "PUT", "DELETE"} {
		if n := f.RequestCount("isc", method, "/accounts/v1"); n != 0 {
			t.Errorf("the import sent %d %s requests to ISC, want none", n, method)
		}
	}
}
