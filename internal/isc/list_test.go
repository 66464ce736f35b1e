package isc_test

import (
	"fmt"
	"regexp"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// seedUsers adds n flat-file accounts user-0000… at once, as an aggregation would, and returns
// their ids in the order ISC lists them.
func seedUsers(f *acctest.Fake, prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		native := fmt.Sprintf("%s-%04d", prefix, i)
		ids[i] = f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{
			"id": native, "displayName": "User " + native, "groups": []any{"staff"},
		})
	}
	return ids
}

func listBlock(name, config string) string {
	return acctest.ListBlock("accounts_isc_account", name, config)
}

func TestAccISCAccountList_pagesAndFilters(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	users := seedUsers(f, "user", 640)
	services := seedUsers(f, "svc", 5)
	f.SeedISCAccount(fakeserver.ISCDirectSourceID, map[string]any{"sAMAccountName": "other", "displayName": "Other"})
	source := fmt.Sprintf("source_id = %q", fakeserver.ISCFlatFileSourceID)
	// Three pages of 250 for the first block, one for each of the others.
	mark, pages := f.RequestsDuring("isc", "GET", "/accounts/v1", 3+1+1)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.QueryVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: f.ProviderConfig()},
			{
				PreConfig: mark,
				Query:     true,
				Config: listBlock("all", "  limit = 1000\n  config {\n    "+source+"\n  }") +
					listBlock("svc", "  config {\n    "+source+"\n    filters = \"nativeIdentity sw \\\"SVC-\\\"\"\n  }") +
					listBlock("first", "  config {\n    "+source+"\n  }"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					// 645 accounts over three pages of 250: none of the other source, none twice.
					querycheck.ExpectLength("accounts_isc_account.all", 645),
					acctest.QueryCheck(func(results []tfjson.ListResourceFoundData) error {
						return acctest.SameIdentities(acctest.ResultsOf(results, "accounts_isc_account.all"), "id", append(users, services...))
					}),
					querycheck.ExpectIdentity("accounts_isc_account.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(users[250])}),
					// The filter is ISC's (case-insensitive), within the source.
					querycheck.ExpectLength("accounts_isc_account.svc", 5),
					acctest.QueryCheck(func(results []tfjson.ListResourceFoundData) error {
						return acctest.SameIdentities(acctest.ResultsOf(results, "accounts_isc_account.svc"), "id", services)
					}),
					// Terraform's default limit of 100 results takes one page.
					querycheck.ExpectLength("accounts_isc_account.first", 100),
					querycheck.ExpectTotalLengthForMatching(regexp.MustCompile(`^list\.accounts_isc_account\.`), 645+5+100),
					pages,
				},
			},
		},
	})
}

func TestAccISCAccountList_includeResourceIsWhatReadHolds(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	id := f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{
		"id": "asmith", "displayName": "Alice Smith", "groups": []any{"staff", "vpn"}, "email": "asmith@example.com",
	})
	var read map[string]any
	// One list request and no GET per account; one read of the source's schema.
	markAccounts, accountReads := f.RequestsDuring("isc", "GET", "/accounts/v1", 1)
	markSchemas, schemaReads := f.RequestsDuring("isc", "GET", "/sources/v1", 1)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.QueryVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// What Read holds after an import by identity.
				Config:            f.Config(importedAccount(id, `{ id = "asmith", displayName = "Alice Smith", groups = ["staff", "vpn"], email = "asmith@example.com" }`)),
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureState(address, &read)},
			},
			{
				PreConfig: func() { markAccounts(); markSchemas() },
				Query:     true,
				Config:    listBlock("all", fmt.Sprintf("  include_resource = true\n  config {\n    source_id = %q\n  }", fakeserver.ISCFlatFileSourceID)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("accounts_isc_account.all", 1),
					querycheck.ExpectIdentity("accounts_isc_account.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}),
					acctest.ExpectResourceAsRead("accounts_isc_account.all", &read),
					accountReads,
					schemaReads,
				},
			},
		},
	})
}
