package poozle_test

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// TestAccPoozleIntegrationAccount_badConfiguration: every invalid value fails the plan, naming
// its attribute, before any request to create; one that comes from another resource plans, and
// fails the apply just the same.
func TestAccPoozleIntegrationAccount_badConfiguration(t *testing.T) {
	t.Parallel()
	writeOnly := []string{`config = null`, `config_wo = { api_key = "key-1", org = "acme" }`, `config_wo_version = 1`}
	acctest.BadConfigs{
		Type: "accounts_poozle_integration_account",
		Valid: []string{
			`workspace_id              = "` + fakeserver.PoozleWorkspaceID + `"`,
			`integration_definition_id = "` + fakeserver.PoozleGitHubDefinitionID + `"`,
			`auth_type                 = "Api Key"`,
			`name                      = "ci"`,
			`config                    = { api_key = "key-1", org = "acme" }`,
		},
		Create:  acctest.Route{API: fakeserver.APIPoozle, Method: http.MethodPost, Path: "/v1/integration_account"},
		NewFake: acctest.NewFake, Versions: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Rows: []acctest.BadConfig{
			{Name: "empty workspace_id", Set: []string{`workspace_id = ""`}, Path: "workspace_id",
				Error: `Attribute workspace_id must be a UUID such as .* got:`},
			{Name: "workspace_id short of a character", Set: []string{`workspace_id = "` + fakeserver.PoozleWorkspaceID[1:] + `"`}, Path: "workspace_id",
				Error: `Attribute workspace_id must be a UUID such as .* (Poozle makes every workspace id one; copy it whole), got: ` + fakeserver.PoozleWorkspaceID[1:]},
			{Name: "workspace_id, from another resource", Path: "workspace_id",
				From: `"my-workspace"`, Set: []string{`workspace_id = terraform_data.x.output`},
				Error: `Attribute workspace_id must be a UUID such as`},
			{Name: "empty integration_definition_id", Set: []string{`integration_definition_id = ""`}, Path: "integration_definition_id",
				Error: "Attribute integration_definition_id string length must be at least 1, got: 0"},
			{Name: "empty auth_type", Set: []string{`auth_type = ""`}, Path: "auth_type",
				Error: "Attribute auth_type string length must be at least 1, got: 0"},
			{Name: "empty name", Set: []string{`name = ""`}, Path: "name",
				Error: "Attribute name string length must be at least 1, got: 0"},
			{Name: "empty account_identifier", Set: []string{`account_identifier = ""`}, Path: "account_identifier",
				Error: "Attribute account_identifier string length must be at least 1, got: 0"},
			{Name: "empty config value", Set: []string{`config = { api_key = "", org = "acme" }`}, Path: `config["api_key"]`,
				Error: `Attribute config["api_key"] string length must be at least 1, got: 0`},
			{Name: "empty config_wo value", Set: append(writeOnly, `config_wo = { api_key = "key-1", org = "" }`),
				Path: `config_wo["org"]`, Error: `Attribute config_wo["org"] string length must be at least 1, got: 0`},
			{Name: "wrong sync_period", Set: []string{`sync_period = "HOURLY"`}, Path: "sync_period",
				Error: `Attribute sync_period value must be one of: [.*], got: "HOURLY"`},
			{Name: "auth type the definition lacks", AtApply: true, Set: []string{`auth_type = "Basic"`}, Path: "auth_type",
				Error: `Unknown auth type .* has no auth type "Basic". Set auth_type to one of: "Api Key", "OAuth2".`},
			{Name: "unknown definition id", AtApply: true, Set: []string{`integration_definition_id = "github"`}, Path: "integration_definition_id",
				Error: `Unknown integration definition .* Poozle has no integration definition "github". The workspace can use: .* Set integration_definition_id to one of them.`},
			{Name: "config keys the specification lacks", AtApply: true, Set: []string{`config = { api_key = "key-1", repo = "x" }`}, Path: "config",
				Error: `For auth type "Api Key", config must set exactly the keys "api_key", "org": it lacks "org"; the specification does not define "repo".`},
			{Name: "config and config_wo", Set: writeOnly[1:], Path: "config",
				Error: `Exactly one of these attributes must be configured: [config,config_wo]`},
			{Name: "neither config nor config_wo", Set: []string{`config = null`}, Path: "config",
				Error: `Exactly one of these attributes must be configured: [config,config_wo]`},
			{Name: "config_wo without its version", Set: writeOnly[:2], Path: "config_wo_version",
				Error: `Attribute "config_wo_version" must be specified when "config_wo" is specified`},
			{Name: "fractional version", Set: []string{writeOnly[0], writeOnly[1], `config_wo_version = 2.5`}, Path: "config_wo_version",
				Error: "Configuration Read Error .* config_wo_version = 2.5 .* is not an integer"},
			{Name: "wrong type", Set: []string{`sync_enabled = "often"`}, Path: "sync_enabled",
				Error: `Inappropriate value for attribute "sync_enabled": a bool is required`},
			{Name: "malformed timeout", Set: []string{`timeouts = { update = "10 m" }`}, Path: "timeouts.update",
				Error: `Invalid timeout .* timeouts.update must be a positive duration .* got "10 m"`},
			{Name: "sync_period, from another resource", Path: "sync_period",
				From: `"HOURLY"`, Set: []string{`sync_period = terraform_data.x.output`},
				Error: "Attribute sync_period value must be one of"},
			{Name: "auth_type, from another resource", Path: "auth_type",
				From: `"Basic"`, Set: []string{`auth_type = terraform_data.x.output`},
				Error: `Unknown auth type .* Set auth_type to one of: "Api Key", "OAuth2".`},
			{Name: "config value, from another resource", Path: `config["api_key"]`,
				From: `""`, Set: []string{`config = { api_key = terraform_data.x.output, org = "acme" }`},
				Error: `Attribute config["api_key"] string length must be at least 1, got: 0`},
		},
	}.Run(t)
}
