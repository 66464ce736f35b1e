package isc_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

func seedBoss(f *acctest.Fake) string {
	return f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{
		"id": "boss", "displayName": "The Boss", "groups": []any{"staff", "board"}, "IIQDisabled": "false",
	})
}

// The account looked up by source and native identity, the same one by id, and an account whose
// manager attribute comes from the first.
const accountLookups = `
data "accounts_isc_source" "hr" {
  name = "HR Flat File"
}

data "accounts_isc_account" "boss" {
  source_id       = data.accounts_isc_source.hr.id
  native_identity = "boss"
}

data "accounts_isc_account" "by_id" {
  id = data.accounts_isc_account.boss.id
}

resource "accounts_isc_account" "test" {
  source_id  = data.accounts_isc_account.boss.source_id
  attributes = { id = "report", displayName = "A Report", manager = data.accounts_isc_account.by_id.native_identity }
}
`

func TestAccISCAccountDataSource_byEachKeyFeedsAnAccount(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	bossID := seedBoss(f)
	checks := func(address string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(bossID)),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("native_identity"), knownvalue.StringExact("boss")),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("native_identity_attribute"), knownvalue.StringExact("id")),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact("The Boss")),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("source_name"), knownvalue.StringExact("HR Flat File")),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("disabled"), knownvalue.Bool(false)),
			statecheck.ExpectKnownValue(address, tfjsonpath.New("attributes"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": knownvalue.StringExact("boss"), "displayName": knownvalue.StringExact("The Boss"),
				"groups": knownvalue.TupleExact([]knownvalue.Check{knownvalue.StringExact("board"), knownvalue.StringExact("staff")}),
			})),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccount(f, "report"),
		Steps: []resource.TestStep{
			{
				Config:            f.Config(accountLookups),
				ConfigStateChecks: append(checks("data.accounts_isc_account.boss"), checks("data.accounts_isc_account.by_id")...),
				Check: checkServerHolds(f, "report", func(a fakeserver.ISCAccount) error {
					if a.Attributes["manager"] != "boss" {
						return fmt.Errorf("manager = %v, want boss", a.Attributes["manager"])
					}
					return nil
				}),
			},
			{Config: f.Config(accountLookups), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccISCAccountDataSource_noneOrSeveralMatch(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	bossID := seedBoss(f)
	byIdentity := func(identity string) string {
		return f.Config(fmt.Sprintf(`data "accounts_isc_account" "x" {
  source_id       = %q
  native_identity = %q
}`, fakeserver.ISCFlatFileSourceID, identity))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: byIdentity("nobody"), PlanOnly: true, ExpectError: acctest.ErrorMatching(`No ISC account matches .* No ISC account has source_id = "` +
				fakeserver.ISCFlatFileSourceID + `" and native_identity = "nobody"`)},
			{Config: byIdentity("BOSS"), PlanOnly: true, ExpectError: acctest.ErrorMatching(`No ISC account has .* native_identity = "BOSS". .* ` +
				`The source holds "boss" (id ` + bossID + `), which differs only in case`)},
			{Config: f.Config(`data "accounts_isc_account" "x" { id = "ffffffffffffffffffffffffffffffff" }`), PlanOnly: true,
				ExpectError: acctest.ErrorMatching(`No ISC account matches .* No ISC account has id = "ffffffffffffffffffffffffffffffff"`)},
			{
				PreConfig: func() { f.DuplicateISCAccount(bossID) }, Config: byIdentity("boss"), PlanOnly: true,
				ExpectError: acctest.ErrorMatching(`More than one ISC account matches .* 2 ISC accounts have source_id = .* and native_identity = "boss", ` +
					`which should name one: "boss" (id ` + bossID + `), "boss" (id .* look the account up by id instead`),
			},
		},
	})
}

// A hundred accounts of one source looked up at once cost a handful of list requests, by native
// identity or by id: the lookups share them as the resource's do.
func TestAccISCAccountDataSource_hundredLookupsShareListRequests(t *testing.T) {
	t.Parallel()
	for key, lookup := range map[string]func(id string, i int) string{
		"native identity": func(_ string, i int) string {
			return fmt.Sprintf("source_id = %q\n  native_identity = \"user-%d\"", fakeserver.ISCFlatFileSourceID, i)
		},
		"id": func(id string, _ int) string { return fmt.Sprintf("id = %q", id) },
	} {
		t.Run(key, func(t *testing.T) {
			t.Parallel()
			f := acctest.NewFake(t)
			const n = 100
			var config strings.Builder
			for i := range n {
				id := f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{"id": fmt.Sprintf("user-%d", i)})
				fmt.Fprintf(&config, "data \"accounts_isc_account\" \"u%d\" {\n  %s\n}\n", i, lookup(id, i))
			}
			config.WriteString(`resource "terraform_data" "last" { input = data.accounts_isc_account.u99.native_identity }`)
			requests := 0
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config: f.Config(config.String()),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{f.RequestsByPlan(fakeserver.APIISC, http.MethodGet, "/accounts/v1", &requests)},
					},
					Check: resource.TestCheckResourceAttr("terraform_data.last", "output", "user-99"),
				}},
			})
			t.Logf("%d data sources by %s read in %d account requests (%.2f each)", n, key, requests, float64(requests)/n)
			if requests == 0 || float64(requests)/n > 0.15 {
				t.Errorf("%d data sources read in %d account requests, want at most %d", n, requests, n*15/100)
			}
		})
	}
}

func TestAccISCAccountDataSource_badConfiguration(t *testing.T) {
	t.Parallel()
	acctest.BadConfigs{
		Type: "accounts_isc_account", DataSource: true,
		Valid:   []string{`source_id = "` + fakeserver.ISCFlatFileSourceID + `"`, `native_identity = "jdoe"`},
		Create:  acctest.Route{API: fakeserver.APIISC, Method: http.MethodGet, Path: "/accounts/v1"},
		NewFake: acctest.NewFake,
		Rows: []acctest.BadConfig{
			{Name: "no key", Set: []string{`source_id = null`, `native_identity = null`}, Path: "source_id",
				Error: `Missing Attribute Configuration .* Exactly one of these attributes must be configured: [id,source_id]`},
			{Name: "source without native identity", Set: []string{`native_identity = null`}, Path: "native_identity",
				Error: `Invalid Attribute Combination .* These attributes must be configured together: [source_id,native_identity]`},
			{Name: "native identity without source", Set: []string{`source_id = null`, `id = "` + fakeserver.ISCFlatFileSourceID + `"`}, Path: "native_identity",
				Error: `Invalid Attribute Combination .* These attributes must be configured together: [source_id,native_identity]`},
			{Name: "id and source", Set: []string{`id = "2c91808a7c1e4b5d017c1e4b5d8affff"`}, Path: "source_id",
				Error: `Invalid Attribute Combination .* Exactly one of these attributes must be configured: [id,source_id]`},
			{Name: "empty native identity", Set: []string{`native_identity = ""`}, Path: "native_identity",
				Error: "Attribute native_identity string length must be at least 1, got: 0"},
			{Name: "attributes set", Set: []string{`attributes = { id = "jdoe" }`}, Path: "attributes",
				Error: `Invalid Configuration for Read-Only Attribute .* attributes`},
			{Name: "native identity, from another resource", Path: "native_identity", From: `""`,
				Set: []string{`native_identity = terraform_data.x.output`}, Error: "Attribute native_identity string length must be at least 1, got: 0"},
		},
	}.Run(t)
}
