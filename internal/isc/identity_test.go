package isc_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

func TestAccISCAccount_identity(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	config := f.Config(accountConfig("jdoe", "John Doe", ""))
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.IdentityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccount(f, "jdoe"),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(address, map[string]knownvalue.Check{
						"id": knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}$`)),
					}),
					statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New("id")),
				},
				Check: checkServerHolds(f, "jdoe", nil),
			},
			{
				// An import block with the identity from state: the plan imports and changes nothing.
				Config:          config,
				ResourceName:    address,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// importedAccount is an account of the flat-file source with attributes, imported by identity.
func importedAccount(id, attributes string) string {
	return acctest.ImportByIdentity(address, map[string]string{"id": id}) + fmt.Sprintf(`
resource "accounts_isc_account" "test" {
  source_id  = %q
  attributes = %s
}
`, fakeserver.ISCFlatFileSourceID, attributes)
}

func TestAccISCAccount_importExistingByIdentity(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	id := f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{
		"id": "asmith", "displayName": "Alice Smith", "groups": []any{"staff", "vpn"},
	})
	config := f.Config(importedAccount(id, `{ id = "asmith", displayName = "Alice Smith", groups = ["staff", "vpn"] }`))
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.IdentityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccount(f, "asmith"),
		Steps: []resource.TestStep{
			{
				// The import changes nothing on ISC, and the plan after it is empty.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(address, map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("native_identity"), knownvalue.StringExact("asmith")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerHolds(f, "asmith", nil),
					f.CheckRequestCount("isc", "PUT", "/accounts/v1", 0),
					f.CheckRequestCount("isc", "POST", "/accounts/v1", 0),
				),
			},
		},
	})
}

// A multi-valued attribute that holds one value reads back as a plain string; an import still
// holds it as a list, as the source's schema has it, so that a configuration writing it as a
// list plans nothing.
func TestAccISCAccount_importSingleValueOfMultiValuedAttribute(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	id := f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{
		"id": "bwayne", "displayName": "Bruce Wayne", "groups": []any{"staff"},
	})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.IdentityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccount(f, "bwayne"),
		Steps: []resource.TestStep{
			{
				Config: f.Config(importedAccount(id, `{ id = "bwayne", displayName = "Bruce Wayne", groups = ["staff"] }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("attributes").AtMapKey("groups"),
						knownvalue.TupleExact([]knownvalue.Check{knownvalue.StringExact("staff")})),
				},
				Check: f.CheckRequestCount("isc", "PUT", "/accounts/v1", 0),
			},
		},
	})
}

// An API client cannot read the source's schema, so the single value is imported as a string; a
// configuration writing it as a list plans one in-place update, which sends ISC nothing, and the
// plan after it is empty (the guide's promise).
func TestAccISCAccount_importSingleValueWithoutSchema(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	id := f.SeedISCAccount(fakeserver.ISCFlatFileSourceID, map[string]any{
		"id": "bwayne", "displayName": "Bruce Wayne", "groups": []any{"staff"},
	})
	apiClient := map[string]string{"isc.client_id": fakeserver.ISCAPIClientID, "isc.client_secret": fakeserver.ISCAPIClientSecret}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.IdentityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccount(f, "bwayne"),
		Steps: []resource.TestStep{
			{
				Config: f.ProviderConfig(apiClient) + importedAccount(id, `{ id = "bwayne", displayName = "Bruce Wayne", groups = ["staff"] }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
				},
				Check: f.CheckRequestCount("isc", "PUT", "/accounts/v1", 0),
			},
		},
	})
}
