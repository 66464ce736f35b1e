package b3os_test

import (
	"net/http"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// TestAccB3OSServiceAccount_badConfiguration: every invalid value fails the plan, naming its
// attribute, before any request to create; one that comes from another resource plans, and
// fails the apply just the same.
func TestAccB3OSServiceAccount_badConfiguration(t *testing.T) {
	t.Parallel()
	acctest.BadConfigs{
		Type: "accounts_b3os_service_account",
		Valid: []string{
			`name        = "ci-bot"`,
			`permissions = ["run:read"]`,
		},
		Create:  acctest.Route{API: fakeserver.APIB3OS, Method: http.MethodPost, Path: "/v1/service-accounts"},
		NewFake: acctest.NewFake,
		Rows: []acctest.BadConfig{
			{Name: "empty name", Set: []string{`name = ""`}, Path: "name",
				Error: "Attribute name string length must be at least 1, got: 0"},
			{Name: "empty description", Set: []string{`description = ""`}, Path: "description",
				Error: "Attribute description string length must be at least 1, got: 0"},
			{Name: "no permissions", Set: []string{`permissions = []`}, Path: "permissions",
				Error: "Attribute permissions set must contain at least 1 elements, got: 0"},
			{Name: "empty permission", Set: []string{`permissions = [""]`}, Path: "permissions",
				Error: `Attribute permissions[Value("")] must have the form resource:action in lower case`},
			{Name: "permission not of the form resource:action", Set: []string{`permissions = ["run:read", "Workflow.Execute"]`},
				Path: "permissions", Error: `Attribute permissions[Value("Workflow.Execute")] must have the form resource:action in lower case`},
			{Name: "wrong type", Set: []string{`disabled = "no"`}, Path: "disabled",
				Error: `Inappropriate value for attribute "disabled": a bool is required`},
			{Name: "malformed timeout", Set: []string{`timeouts = { create = "1 hour" }`}, Path: "timeouts.create",
				Error: `Invalid timeout .* timeouts.create must be a positive duration .* got "1 hour"`},
			{Name: "name, from another resource", Path: "name",
				From: `""`, Set: []string{`name = terraform_data.x.output`},
				Error: "Attribute name string length must be at least 1, got: 0"},
			{Name: "permission, from another resource", Path: "permissions",
				From: `"run-read"`, Set: []string{`permissions = [terraform_data.x.output]`},
				Error: `Attribute permissions[Value("run-read")] must have the form resource:action`},
		},
	}.Run(t)
}
