package isc_test

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// sourceByName is the flat-file source looked up by name, and an account on it that takes its
// source id and native identity attribute from the data source.
const sourceByName = `
data "accounts_isc_source" "hr" {
  name = "HR Flat File"
}

resource "accounts_isc_account" "test" {
  source_id                 = data.accounts_isc_source.hr.id
  native_identity_attribute = data.accounts_isc_source.hr.identity_attribute
  attributes                = { id = "dsuser", displayName = "Data Source User" }
}
`

func TestAccISCSourceDataSource_byNameFeedsAnAccount(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	hr := tfjsonpath.New("attributes")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccount(f, "dsuser"),
		Steps: []resource.TestStep{
			{
				Config: f.Config(sourceByName),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.accounts_isc_source.hr", tfjsonpath.New("id"), knownvalue.StringExact(fakeserver.ISCFlatFileSourceID)),
					statecheck.ExpectKnownValue("data.accounts_isc_source.hr", tfjsonpath.New("connector_type"), knownvalue.StringExact("DelimitedFile")),
					statecheck.ExpectKnownValue("data.accounts_isc_source.hr", tfjsonpath.New("identity_attribute"), knownvalue.StringExact("id")),
					statecheck.ExpectKnownValue("data.accounts_isc_source.hr", hr.AtSliceIndex(6), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name": knownvalue.StringExact("groups"), "type": knownvalue.StringExact("STRING"), "multi_valued": knownvalue.Bool(true),
					})),
					statecheck.ExpectKnownValue("data.accounts_isc_source.hr", hr.AtSliceIndex(0).AtMapKey("multi_valued"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("source_id"), knownvalue.StringExact(fakeserver.ISCFlatFileSourceID)),
				},
				Check: checkServerHolds(f, "dsuser", nil),
			},
			{Config: f.Config(sourceByName), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

func TestAccISCSourceDataSource_byID(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	source := "data.accounts_isc_source.ad"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.Config(`data "accounts_isc_source" "ad" { id = "` + fakeserver.ISCDirectSourceID + `" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(source, tfjsonpath.New("name"), knownvalue.StringExact("Active Directory")),
				statecheck.ExpectKnownValue(source, tfjsonpath.New("connector_type"), knownvalue.StringExact("Active Directory - Direct")),
				statecheck.ExpectKnownValue(source, tfjsonpath.New("connection_type"), knownvalue.StringExact("direct")),
				statecheck.ExpectKnownValue(source, tfjsonpath.New("identity_attribute"), knownvalue.StringExact("sAMAccountName")),
				statecheck.ExpectKnownValue(source, tfjsonpath.New("attributes"), knownvalue.ListSizeExact(7)),
			},
		}},
	})
}

// An API client may find sources but not read their schemas: the source is found, its schema
// attributes are null, and the plan warns which token may read them.
func TestAccISCSourceDataSource_apiClientGetsNoSchema(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	apiClient := map[string]string{"isc.client_id": fakeserver.ISCAPIClientID, "isc.client_secret": fakeserver.ISCAPIClientSecret}
	source := "data.accounts_isc_source.hr"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: f.ProviderConfig(apiClient) + `data "accounts_isc_source" "hr" { name = "HR Flat File" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(source, tfjsonpath.New("id"), knownvalue.StringExact(fakeserver.ISCFlatFileSourceID)),
				statecheck.ExpectKnownValue(source, tfjsonpath.New("identity_attribute"), knownvalue.Null()),
				statecheck.ExpectKnownValue(source, tfjsonpath.New("attributes"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccISCSourceDataSource_noneOrSeveralMatch(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	planFails := func(body, message string) resource.TestStep {
		return resource.TestStep{Config: f.Config(body), PlanOnly: true, ExpectError: acctest.ErrorMatching(message)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			planFails(`data "accounts_isc_source" "x" { name = "Payroll" }`, `No ISC source matches .* No ISC source has name = "Payroll"`),
			planFails(`data "accounts_isc_source" "x" { name = "hr flat file" }`,
				`No ISC source has name = "hr flat file". .* The tenant has "HR Flat File", which differs only in case`),
			planFails(`data "accounts_isc_source" "x" { id = "ffffffffffffffffffffffffffffffff" }`,
				`No ISC source matches .* No ISC source has id = "ffffffffffffffffffffffffffffffff"`),
			{
				PreConfig: func() { f.DuplicateISCSource(fakeserver.ISCFlatFileSourceID) },
				Config:    f.Config(`data "accounts_isc_source" "x" { name = "HR Flat File" }`), PlanOnly: true,
				ExpectError: acctest.ErrorMatching(`More than one ISC source matches .* 2 ISC sources have name = "HR Flat File", which should name one: "HR Flat File" (id ` +
					fakeserver.ISCFlatFileSourceID + `), "HR Flat File" (id .* Look the source up by id instead`),
			},
		},
	})
}

func TestAccISCSourceDataSource_badConfiguration(t *testing.T) {
	t.Parallel()
	acctest.BadConfigs{
		Type: "accounts_isc_source", DataSource: true,
		Valid:   []string{`name = "HR Flat File"`},
		Create:  acctest.Route{API: fakeserver.APIISC, Method: http.MethodGet, Path: "/sources/v1"},
		NewFake: acctest.NewFake,
		Rows: []acctest.BadConfig{
			{Name: "neither key", Set: []string{`name = null`}, Path: "name",
				Error: `Missing Attribute Configuration .* Exactly one of these attributes must be configured: [id,name]`},
			{Name: "both keys", Set: []string{`id = "` + fakeserver.ISCFlatFileSourceID + `"`}, Path: "name",
				Error: `Invalid Attribute Combination .* Exactly one of these attributes must be configured: [id,name]`},
			{Name: "empty name", Set: []string{`name = ""`}, Path: "name", Error: "Attribute name string length must be at least 1, got: 0"},
			{Name: "empty id", Set: []string{`name = null`, `id = ""`}, Path: "id", Error: "Attribute id string length must be at least 1, got: 0"},
			{Name: "computed attribute set", Set: []string{`connector_type = "DelimitedFile"`}, Path: "connector_type",
				Error: `Invalid Configuration for Read-Only Attribute .* connector_type`},
		},
	}.Run(t)
}
