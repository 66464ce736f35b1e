package teal_test

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

func listBlock(name, config string) string {
	return acctest.ListBlock("accounts_teal_payroll_account", name, config)
}

// userScope is a list block's config of one user's accounts.
func userScope(userID string) string {
	return fmt.Sprintf("  config {\n    user_id = %q\n  }", userID)
}

// seedAccounts adds n accounts of a user, made outside Terraform, and returns their ids in the
// order Teal lists them.
func seedAccounts(f *acctest.Fake, userID string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = f.SeedTealAccount(userID, fakeserver.TealProviderCredentials, fmt.Sprintf("user-%04d@example.com", i))
	}
	return ids
}

func TestAccTealPayrollAccountList_pagesByUser(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	// More than Teal's largest page of 1000.
	janes := seedAccounts(f, fakeserver.TealUserID, 1030)
	ritas := seedAccounts(f, fakeserver.TealUserRevokedID, 3)
	// Two pages for the first block, one for each of the others, and no GET per account.
	mark, pages := f.RequestsDuring(fakeserver.APITeal, "GET", "/accounts", 2+1+1)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.QueryVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: f.ProviderConfig()},
			{
				PreConfig: mark,
				Query:     true,
				Config: listBlock("jane", "  limit = 2000\n"+userScope(fakeserver.TealUserID)) +
					listBlock("rita", userScope(fakeserver.TealUserRevokedID)) +
					listBlock("first", userScope(fakeserver.TealUserID)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					// Every account of the user, once, over two pages; none of the other user.
					querycheck.ExpectLength("accounts_teal_payroll_account.jane", 1030),
					acctest.QueryCheck(func(results []tfjson.ListResourceFoundData) error {
						return acctest.SameIdentities(acctest.ResultsOf(results, "accounts_teal_payroll_account.jane"), "account_id", janes)
					}),
					querycheck.ExpectIdentity("accounts_teal_payroll_account.jane", map[string]knownvalue.Check{
						"user_id": knownvalue.StringExact(fakeserver.TealUserID), "account_id": knownvalue.StringExact(janes[1000]),
					}),
					querycheck.ExpectLength("accounts_teal_payroll_account.rita", 3),
					acctest.QueryCheck(func(results []tfjson.ListResourceFoundData) error {
						return acctest.SameIdentities(acctest.ResultsOf(results, "accounts_teal_payroll_account.rita"), "account_id", ritas)
					}),
					querycheck.ExpectIdentity("accounts_teal_payroll_account.rita", map[string]knownvalue.Check{
						"user_id": knownvalue.StringExact(fakeserver.TealUserRevokedID), "account_id": knownvalue.StringExact(ritas[2]),
					}),
					// Terraform's default limit of 100 results, from the first page.
					querycheck.ExpectLength("accounts_teal_payroll_account.first", 100),
					querycheck.ExpectTotalLengthForMatching(regexp.MustCompile(`^list\.accounts_teal_payroll_account\.`), 1030+3+100),
					pages,
				},
			},
		},
	})
}

func TestAccTealPayrollAccountList_includeResourceIsWhatReadHolds(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	id := f.SeedTealAccount(fakeserver.TealUserID, fakeserver.TealProviderSMSCode, "jane@example.com")
	var read map[string]any
	// The list request alone: no GET per account.
	mark, reads := f.RequestsDuring(fakeserver.APITeal, "GET", "/accounts", 1)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.QueryVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// What Read holds after an import by identity.
				Config:            f.Config(importByIdentity(fakeserver.TealUserID, id) + accountConfig(fakeserver.TealProviderSMSCode, `  user_name = "jane@example.com"`)),
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureState(address, &read)},
			},
			{
				PreConfig: mark,
				Query:     true,
				Config:    listBlock("jane", "  include_resource = true\n"+userScope(fakeserver.TealUserID)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("accounts_teal_payroll_account.jane", 1),
					querycheck.ExpectIdentity("accounts_teal_payroll_account.jane", map[string]knownvalue.Check{
						"user_id": knownvalue.StringExact(fakeserver.TealUserID), "account_id": knownvalue.StringExact(id),
					}),
					acctest.ExpectResourceAsRead("accounts_teal_payroll_account.jane", &read),
					reads,
				},
			},
		},
	})
}
