package fakeserver

import (
	"net/http"
	"slices"
	"testing"
)

func (h *harness) poozle(path string) response {
	h.t.Helper()
	return h.poozleSend("GET", path, "")
}

func (h *harness) poozleSend(method, path, body string) response {
	h.t.Helper()
	return h.send(method, "/poozle"+path, body, "Authorization", "Bearer "+PoozleToken)
}

func TestPoozleIntegrationDefinitions(t *testing.T) {
	h := newHarness(t)
	var definitions []PoozleIntegrationDefinition
	h.poozle("/v1/integration_definition?workspaceId="+PoozleWorkspaceID).expect(t, http.StatusOK).decode(t, &definitions)
	keys := []string{}
	for _, definition := range definitions {
		keys = append(keys, definition.Key)
	}
	if !slices.Equal(keys, []string{"github", "jira"}) || definitions[0].IntegrationType != "TICKETING" {
		t.Errorf("definitions = %s", mustJSON(t, definitions))
	}

	var github PoozleIntegrationDefinition
	h.poozle("/v1/integration_definition/"+PoozleGitHubDefinitionID).expect(t, http.StatusOK).decode(t, &github)
	if github.IntegrationDefinitionID != PoozleGitHubDefinitionID || github.Name != "Github" {
		t.Errorf("github = %+v", github)
	}
	// An unknown id is Prisma's null: 200 with nothing in it.
	if resp := h.poozle("/v1/integration_definition/00000000-0000-4000-8000-000000000000").expect(t, http.StatusOK); len(resp.body) != 0 {
		t.Errorf("unknown definition body = %q, want empty", resp.body)
	}
}

func TestPoozleIntegrationSpecsListConfigFields(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		definitionID, authType string
		fields                 []string
	}{
		{PoozleGitHubDefinitionID, "Api Key", []string{"api_key", "org"}},
		{PoozleGitHubDefinitionID, "OAuth2", []string{"client_id", "client_secret", "org", "refresh_token", "scope"}},
		{PoozleJiraDefinitionID, "Api Key", []string{"api_key", "email_id", "jira_domain"}},
	}
	for _, tt := range tests {
		var spec poozleSpec
		h.poozle("/v1/integration_definition/"+tt.definitionID+"/spec").expect(t, http.StatusOK).decode(t, &spec)
		fields := []string{}
		for name := range spec.AuthSpecification[tt.authType].InputSpecification.Properties {
			fields = append(fields, name)
		}
		if spec.OtherInputs != nil {
			for name := range spec.OtherInputs.InputSpecification.Properties {
				fields = append(fields, name)
			}
		}
		if slices.Sort(fields); !slices.Equal(fields, tt.fields) {
			t.Errorf("%s %s config fields = %v, want %v", tt.definitionID, tt.authType, fields, tt.fields)
		}
	}
	h.poozle("/v1/integration_definition/00000000-0000-4000-8000-000000000000/spec").expect(t, http.StatusNotFound).
		expectJSON(t, `{"statusCode":404,"message":"Integration definition not found","error":"Not Found"}`)
}

func TestPoozleListsNeedAWorkspace(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/v1/integration_definition", "/v1/integration_account"} {
		h.poozle(path).expect(t, http.StatusBadRequest).
			expectJSON(t, `{"statusCode":400,"message":["workspaceId must be a string"],"error":"Bad Request"}`)
	}
	h.poozle("/v1/integration_account?workspaceId="+PoozleWorkspaceID).expect(t, http.StatusOK).expectJSON(t, `[]`)
}
