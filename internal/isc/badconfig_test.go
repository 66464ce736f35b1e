package isc_test

import (
	"net/http"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// TestAccISCAccount_badConfiguration: every invalid value fails the plan, naming its attribute,
// before any request to create; one that comes from another resource plans, and fails the apply
// just the same.
func TestAccISCAccount_badConfiguration(t *testing.T) {
	t.Parallel()
	acctest.BadConfigs{
		Type: "accounts_isc_account",
		Valid: []string{
			`source_id  = "` + fakeserver.ISCFlatFileSourceID + `"`,
			`attributes = { id = "jdoe", displayName = "John Doe" }`,
		},
		Create:  acctest.Route{API: fakeserver.APIISC, Method: http.MethodPost, Path: "/accounts/v1"},
		NewFake: acctest.NewFake,
		Rows: []acctest.BadConfig{
			{Name: "no source_id", Set: []string{`source_id = null`}, Path: "source_id",
				Error: "Missing Configuration for Required Attribute .* Must set a configuration value for the source_id attribute"},
			{Name: "empty source_id", Set: []string{`source_id = ""`}, Path: "source_id",
				Error: "Attribute source_id string length must be at least 1, got: 0"},
			{Name: "empty native_identity_attribute", Set: []string{`native_identity_attribute = ""`}, Path: "native_identity_attribute",
				Error: "Attribute native_identity_attribute string length must be at least 1, got: 0"},
			{Name: "empty attributes", Set: []string{`attributes = {}`}, Path: "attributes",
				Error: "Empty account attributes .* attributes must set at least the account's native identity attribute"},
			{Name: "empty native identity", Set: []string{`attributes = { id = "", displayName = "John Doe" }`}, Path: "attributes",
				Error: `Missing native identity attribute .* attributes must set "id" to a non-empty string`},
			{Name: "no native identity", Set: []string{`attributes = { displayName = "John Doe" }`}, Path: "attributes",
				Error: `Missing native identity attribute .* attributes must set "id" to a non-empty string.* (attributes set: displayName)`},
			{Name: "native identity attribute not among the attributes", Path: "attributes",
				Set:   []string{`native_identity_attribute = "employeeNumber"`},
				Error: `Missing native identity attribute .* attributes must set "employeeNumber" to a non-empty string`},
			{Name: "source in attributes and in source_id", Path: "attributes.sourceId",
				Set:   []string{`attributes = { id = "jdoe", sourceId = "` + fakeserver.ISCDirectSourceID + `" }`},
				Error: "sourceId in account attributes .* Set the source with source_id, not with attributes.sourceId"},
			{Name: "attribute of the wrong type", Set: []string{`attributes = { id = "jdoe", groups = [{ name = "staff" }] }`}, Path: "attributes",
				Error: `Invalid account attributes .* attribute "groups" must be a string or a list of strings`},
			{Name: "attributes not an object", Set: []string{`attributes = "jdoe"`}, Path: "attributes",
				Error: `Invalid account attributes .* attributes must be an object such as`},
			{Name: "wrong type", Set: []string{`disabled = "perhaps"`}, Path: "disabled",
				Error: `Inappropriate value for attribute "disabled": a bool is required`},
			{Name: "malformed timeout", Set: []string{`timeouts = { delete = "forever" }`}, Path: "timeouts.delete",
				Error: `Invalid timeout .* timeouts.delete must be a positive duration .* got "forever"`},
			{Name: "source name instead of id", Set: []string{`source_id = "Flat File"`}, Path: "source_id",
				Error: `Unknown source .* ISC has no source with id "Flat File": set source_id to the id of the source .* not its name. .* 404 Not Found`},
			{Name: "source_id, from another resource", Path: "source_id",
				From: `""`, Set: []string{`source_id = terraform_data.x.output`},
				Error: "Attribute source_id string length must be at least 1, got: 0"},
			{Name: "native identity, from another resource", Path: "attributes",
				From: `""`, Set: []string{`attributes = { id = terraform_data.x.output, displayName = "John Doe" }`},
				Error: `Missing native identity attribute .* attributes must set "id" to a non-empty string`},
		},
	}.Run(t)
}
