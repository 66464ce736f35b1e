package teal_test

import (
	"net/http"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// TestAccTealPayrollAccount_badConfiguration: every invalid value fails the plan, naming its
// attribute, before any request to create; one that comes from another resource plans, and
// fails the apply just the same.
func TestAccTealPayrollAccount_badConfiguration(t *testing.T) {
	t.Parallel()
	acctest.BadConfigs{
		Type: "accounts_teal_payroll_account",
		Valid: []string{
			`user_id             = "` + fakeserver.TealUserID + `"`,
			`payroll_provider    = "` + fakeserver.TealProviderCredentials + `"`,
			`user_name           = "jane@example.com"`,
			`password_wo         = "pw"`,
			`password_wo_version = 1`,
		},
		Create:  acctest.Route{API: fakeserver.APITeal, Method: http.MethodPost, Path: "/accounts"},
		NewFake: newFake, Versions: writeOnlyTerraform,
		Rows: []acctest.BadConfig{
			{Name: "empty user_id", Set: []string{`user_id = ""`}, Path: "user_id",
				Error: "Attribute user_id string length must be at least 1, got: 0"},
			{Name: "empty payroll_provider", Set: []string{`payroll_provider = ""`}, Path: "payroll_provider",
				Error: "Attribute payroll_provider string length must be at least 1, got: 0"},
			{Name: "empty user_name", Set: []string{`user_name = ""`}, Path: "user_name",
				Error: "Attribute user_name string length must be at least 1, got: 0"},
			{Name: "empty password_wo", Set: []string{`password_wo = ""`}, Path: "password_wo",
				Error: "Attribute password_wo string length must be at least 1, got: 0"},
			{Name: "empty authorisation_id", Set: []string{`authorisation_id = ""`}, Path: "authorisation_id",
				Error: "Attribute authorisation_id string length must be at least 1, got: 0"},
			{Name: "empty mfa_response_wo", Set: []string{`mfa_response_wo = ""`, `mfa_response_wo_version = 1`}, Path: "mfa_response_wo",
				Error: "Attribute mfa_response_wo string length must be at least 1, got: 0"},
			{Name: "malformed from", Set: []string{`from = "2024-13-01"`}, Path: "from",
				Error: `Invalid date-time .* from must be an RFC 3339 date-time, such as 2024-01-01T00:00:00Z, with a time zone; got "2024-13-01"`},
			{Name: "date without time zone", Set: []string{`to = "2024-12-31T00:00:00"`}, Path: "to",
				Error: `Invalid date-time .* to must be an RFC 3339 date-time`},
			{Name: "from after to", Set: []string{`from = "2024-06-01T00:00:00Z"`, `to = "2024-01-01T00:00:00Z"`}, Path: "from",
				Error: "Invalid payroll period .* from (2024-06-01T00:00:00Z) is after to (2024-01-01T00:00:00Z)"},
			{Name: "password without user_name", Set: []string{`user_name = null`}, Path: "user_name",
				Error: "Missing user_name .* password_wo is set, so .* set user_name"},
			{Name: "Dayforce without company_name", Set: []string{`payroll_provider = "dayforce"`}, Path: "extra_login_params",
				Error: "Missing company_name for Dayforce .* Teal requires extra_login_params.company_name"},
			{Name: "Dayforce with other parameters only", Set: []string{`payroll_provider = "dayforce"`, `extra_login_params = { region = "eu" }`},
				Path: "extra_login_params", Error: "Missing company_name for Dayforce .* Teal requires extra_login_params.company_name"},
			{Name: "Dayforce with an empty company_name", Set: []string{`payroll_provider = "Dayforce"`, `extra_login_params = { company_name = "" }`},
				Path: "extra_login_params", Error: "Teal requires extra_login_params.company_name"},
			{Name: "wrong type", Set: []string{`wait_for_active = "perhaps"`}, Path: "wait_for_active",
				Error: `Inappropriate value for attribute "wait_for_active": a bool is required`},
			{Name: "fractional version", Set: []string{`password_wo_version = 1.5`}, Path: "password_wo_version",
				Error: "Value Conversion Error .* password_wo_version = 1.5 .* is not an integer"},
			{Name: "malformed timeout", Set: []string{`timeouts = { create = "ten minutes" }`}, Path: "timeouts.create",
				Error: `Invalid timeout .* timeouts.create must be a positive duration such as "30s", "10m" or "1h30m" .* got "ten minutes"`},
			{Name: "negative timeout", Set: []string{`timeouts = { update = "-5m" }`}, Path: "timeouts.update",
				Error: `Invalid timeout .* timeouts.update must be a positive duration .* got "-5m"`},
			{Name: "from, from another resource", Path: "from",
				From: `"2024-13-01"`, Set: []string{`from = terraform_data.x.output`},
				Error: `Invalid date-time .* from must be an RFC 3339 date-time.* got "2024-13-01"`},
			{Name: "user_id, from another resource", Path: "user_id",
				From: `""`, Set: []string{`user_id = terraform_data.x.output`},
				Error: "Attribute user_id string length must be at least 1, got: 0"},
			{Name: "payroll_provider typo", AtApply: true, Set: []string{`payroll_provider = "quickbook"`}, Path: "payroll_provider",
				Error: `Unknown payroll provider .* Teal lists no payroll provider "quickbook". It lists, nearest first: quickbooks, .* Set payroll_provider to one of them`},
			{Name: "unknown payroll_provider, from another resource", Path: "payroll_provider",
				From: `"quickbook"`, Set: []string{`payroll_provider = terraform_data.x.output`},
				Error: `Teal lists no payroll provider "quickbook". It lists, nearest first: quickbooks, .* Set payroll_provider to one of them`},
			{Name: "payroll_provider, from another resource", Path: "extra_login_params",
				From: `"dayforce"`, Set: []string{`payroll_provider = terraform_data.x.output`},
				Error: "Missing company_name for Dayforce .* Teal requires extra_login_params.company_name"},
		},
	}.Run(t)
}
