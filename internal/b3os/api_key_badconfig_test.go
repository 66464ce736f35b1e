package b3os_test

import (
	"net/http"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// TestAccB3OSAPIKey_badConfiguration: every invalid value fails the plan, naming its attribute,
// before any key is minted.
func TestAccB3OSAPIKey_badConfiguration(t *testing.T) {
	t.Parallel()
	acctest.BadConfigs{
		Type: "accounts_b3os_api_key",
		Valid: []string{
			`service_account_id = "sa_0123"`,
			`name               = "ci"`,
			`scope              = "read"`,
		},
		Create:  acctest.Route{API: fakeserver.APIB3OS, Method: http.MethodPost, Path: "/v1/api-keys"},
		NewFake: acctest.NewFake,
		Rows: []acctest.BadConfig{
			{Name: "scope not one of B3OS's", Set: []string{`scope = "write"`}, Path: "scope",
				Error: `Attribute scope value must be one of: ["read" "read-write"], got: "write"`},
			{Name: "no scope", Set: []string{`scope = null`}, Path: "scope",
				Error: "Missing Configuration for Required Attribute.*value for the scope attribute"},
			{Name: "empty name", Set: []string{`name = ""`}, Path: "name",
				Error: "Attribute name string length must be at least 1, got: 0"},
			{Name: "empty service account id", Set: []string{`service_account_id = ""`}, Path: "service_account_id",
				Error: "Attribute service_account_id string length must be at least 1, got: 0"},
			{Name: "empty description", Set: []string{`description = ""`}, Path: "description",
				Error: "Attribute description string length must be at least 1, got: 0"},
			{Name: "keepers not a map of strings", Set: []string{`keepers = ["a"]`}, Path: "keepers",
				Error: `Inappropriate value for attribute "keepers": map of string required`},
			{Name: "key set by the configuration", Set: []string{`key = "b3sk_mine"`}, Path: "key",
				Error: `Invalid Configuration for Read-Only Attribute.*key`},
			{Name: "scope, from another resource", Path: "scope",
				From: `"admin"`, Set: []string{`scope = terraform_data.x.output`},
				Error: `Attribute scope value must be one of: ["read" "read-write"], got: "admin"`},
		},
	}.Run(t)
}
