package fakeserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// poozleIntegrationAccountContract mirrors the IntegrationAccount schema of the seed
// poozle-create-integration-account.txt: its required fields, and which of them may be null.
var poozleIntegrationAccountContract = struct {
	required []string
	nullable map[string]bool
}{
	required: []string{
		"integrationAccountId", "integrationDefinitionId", "integrationConfiguration", "authType",
		"workspaceId", "integrationAccountName", "deleted", "createdAt", "updatedAt",
	},
	nullable: map[string]bool{"integrationConfiguration": true, "deleted": true, "linkId": true},
}

// poozleSchemaStrings are the schema's string properties; createdAt and updatedAt are date-times.
var poozleSchemaStrings = []string{
	"integrationAccountId", "integrationDefinitionId", "authType", "workspaceId", "integrationAccountName", "createdAt", "updatedAt",
}

// checkPoozleAccountContract fails t unless body is an IntegrationAccount the seed's schema accepts.
func checkPoozleAccountContract(t *testing.T, body []byte) {
	t.Helper()
	var account map[string]any
	if err := json.Unmarshal(body, &account); err != nil {
		t.Fatalf("not an object: %s", body)
	}
	for _, name := range poozleIntegrationAccountContract.required {
		if _, found := account[name]; !found {
			t.Errorf("required field %s missing from %s", name, body)
		}
	}
	for name, value := range account {
		if value == nil && !poozleIntegrationAccountContract.nullable[name] && !poozleExtraNullable[name] {
			t.Errorf("field %s is null, which the schema does not allow", name)
		}
	}
	for _, name := range poozleSchemaStrings {
		if _, isString := account[name].(string); !isString {
			t.Errorf("field %s = %v, want a string", name, account[name])
		}
	}
	for _, name := range []string{"createdAt", "updatedAt"} {
		if _, err := time.Parse(time.RFC3339, fmt.Sprint(account[name])); err != nil {
			t.Errorf("field %s is not a date-time: %v", name, err)
		}
	}
}

// poozleExtraNullable are the fields the real server returns beyond the documented schema
// (accountIdentifier, syncPeriod: String? in schema.prisma), nullable as the Prisma model says.
var poozleExtraNullable = map[string]bool{"accountIdentifier": true, "syncPeriod": true}

const poozleGitHubAPIKeyBody = `{"integrationDefinitionId":"` + PoozleGitHubDefinitionID + `","integrationAccountName":"ci",` +
	`"authType":"Api Key","workspaceId":"` + PoozleWorkspaceID + `","config":{"api_key":"k1","org":"acme"},"accountIdentifier":"acme-ci"}`

func poozleOAuth2Body(refreshToken string) string {
	return `{"integrationDefinitionId":"` + PoozleGitHubDefinitionID + `","integrationAccountName":"oauth",` +
		`"authType":"OAuth2","workspaceId":"` + PoozleWorkspaceID + `","config":{"client_id":"c","client_secret":"s",` +
		`"refresh_token":"` + refreshToken + `","scope":"repo","org":"acme"}}`
}

func (h *harness) createPoozleAccount(body string) PoozleIntegrationAccount {
	h.t.Helper()
	var account PoozleIntegrationAccount
	h.poozleSend("POST", "/v1/integration_account", body).expect(h.t, http.StatusCreated).decode(h.t, &account)
	return account
}

func TestPoozleCreateAnswersTheFullAccountWithItsDefinition(t *testing.T) {
	h := newHarness(t)
	resp := h.poozleSend("POST", "/v1/integration_account", poozleGitHubAPIKeyBody).expect(t, http.StatusCreated)
	checkPoozleAccountContract(t, resp.body)
	resp.expectJSON(t, `{
		"integrationAccountId": "$ANY", "integrationDefinitionId": "`+PoozleGitHubDefinitionID+`",
		"integrationConfiguration": {"api_key": "k1", "org": "acme"}, "authType": "Api Key",
		"workspaceId": "`+PoozleWorkspaceID+`", "integrationAccountName": "ci", "deleted": null,
		"createdAt": "2025-06-01T12:00:00.000Z", "updatedAt": "2025-06-01T12:00:00.000Z",
		"accountIdentifier": "acme-ci", "syncEnabled": false, "syncPeriod": null, "linkId": null,
		"integrationDefinition": {
			"integrationDefinitionId": "`+PoozleGitHubDefinitionID+`", "name": "Github", "key": "github", "icon": null,
			"version": "0.0.1", "releaseStage": "ALPHA", "sourceUrl": "https://integrations.poozle.dev/github/index.js",
			"integrationType": "TICKETING", "workspaceId": null, "deleted": null,
			"createdAt": "2023-08-01T00:00:00.000Z", "updatedAt": "2023-08-01T00:00:00.000Z"
		}
	}`)
	// accountIdentifier is optional, as in the server's code.
	h.poozleSend("POST", "/v1/integration_account", poozleOAuth2Body("r1")).expect(t, http.StatusCreated)
	if n := len(h.server.State().Poozle.IntegrationAccounts); n != 2 {
		t.Errorf("server holds %d accounts, want 2", n)
	}
}

func TestPoozleCreateRepeatedMakesASecondAccount(t *testing.T) {
	h := newHarness(t)
	first := h.createPoozleAccount(poozleGitHubAPIKeyBody)
	second := h.createPoozleAccount(poozleGitHubAPIKeyBody)
	if first.IntegrationAccountID == second.IntegrationAccountID {
		t.Fatalf("both creates answered %s", first.IntegrationAccountID)
	}
	if n := len(h.server.State().Poozle.IntegrationAccounts); n != 2 {
		t.Errorf("server holds %d accounts, want 2", n)
	}
}

func TestPoozleCreateRefusals(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name, body string
		status     int
		want       string
	}{
		{"validation lists every failing field", `{"config":"x","syncEnabled":"yes","syncPeriod":"HOURLY"}`, 400,
			`{"statusCode":400,"error":"Bad Request","message":["integrationDefinitionId must be a string",
			"integrationAccountName must be a string","authType must be a string","workspaceId must be a string",
			"config must be an object","syncEnabled must be a boolean value",
			"syncPeriod must be one of the following values: EVERY_HALF_DAY, EVERY_HALF_HOUR, EVERY_QUARTER_HOUR, EVERY_HOUR, EVERY_DAY"]}`},
		{"not json", `{`, 400, `{"statusCode":400,"message":"Unexpected token in JSON","error":"Bad Request"}`},
		{"auth type the definition lacks", poozleBodyWith(`"authType":"OAuth2"`), 400,
			`{"statusCode":400,"message":"Not a valid credentials","error":"Bad Request"}`},
		{"config without a required input", poozleBodyWith(`"config":{"api_key":"k1"}`), 400,
			`{"statusCode":400,"message":"Not a valid credentials","error":"Bad Request"}`},
		{"unknown definition", poozleBodyWith(`"integrationDefinitionId":"00000000-0000-4000-8000-000000000000"`), 404,
			`{"statusCode":404,"message":"Integration definition not found","error":"Not Found"}`},
		{"unknown workspace", poozleBodyWith(`"workspaceId":"00000000-0000-4000-8000-000000000000"`), 500,
			`{"statusCode":500,"message":"Internal server error","error":"Internal Server Error"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.poozleSend("POST", "/v1/integration_account", tt.body).expect(t, tt.status).expectJSON(t, tt.want)
		})
	}
	if n := len(h.server.State().Poozle.IntegrationAccounts); n != 0 {
		t.Errorf("refused creates left %d accounts", n)
	}
}

// poozleBodyWith is the GitHub Api Key create body with one field replaced.
func poozleBodyWith(field string) string {
	var body, change map[string]any
	_ = json.Unmarshal([]byte(poozleGitHubAPIKeyBody), &body)
	_ = json.Unmarshal([]byte("{"+field+"}"), &change)
	for name, value := range change {
		body[name] = value
	}
	encoded, _ := json.Marshal(body)
	return string(encoded)
}

func TestPoozleReadAnswersEmpty200ForAnUnknownAccount(t *testing.T) {
	h := newHarness(t)
	account := h.createPoozleAccount(poozleGitHubAPIKeyBody)
	resp := h.poozle("/v1/integration_account/"+account.IntegrationAccountID).expect(t, http.StatusOK)
	checkPoozleAccountContract(t, resp.body)
	var read PoozleIntegrationAccount
	resp.decode(t, &read)
	if read.IntegrationDefinition == nil || read.IntegrationAccountName != "ci" {
		t.Errorf("read = %s", resp.body)
	}
	if resp := h.poozle("/v1/integration_account/00000000-0000-4000-8000-000000000000").expect(t, http.StatusOK); len(resp.body) != 0 {
		t.Errorf("unknown account body = %q, want empty", resp.body)
	}
}

func TestPoozleListIsABareArrayOrderedByUpdate(t *testing.T) {
	h := newHarness(t)
	first := h.createPoozleAccount(poozleGitHubAPIKeyBody)
	h.clock.Advance(time.Second)
	second := h.createPoozleAccount(poozleOAuth2Body("r1"))
	h.clock.Advance(time.Second)
	h.poozleSend("POST", "/v1/integration_account/"+first.IntegrationAccountID,
		`{"integrationAccountName":"ci","authType":"Api Key","config":{"api_key":"k2","org":"acme"}}`).expect(t, http.StatusCreated)

	resp := h.poozle("/v1/integration_account?workspaceId="+PoozleWorkspaceID).expect(t, http.StatusOK)
	var raw []json.RawMessage
	resp.decode(t, &raw)
	for _, item := range raw {
		checkPoozleAccountContract(t, item)
	}
	var accounts []PoozleIntegrationAccount
	resp.decode(t, &accounts)
	if len(accounts) != 2 || accounts[0].IntegrationAccountID != second.IntegrationAccountID ||
		accounts[1].IntegrationAccountID != first.IntegrationAccountID || accounts[0].IntegrationDefinition == nil {
		t.Errorf("list = %s", resp.body)
	}
	h.poozle("/v1/integration_account?workspaceId=00000000-0000-4000-8000-000000000000").expect(t, http.StatusOK).expectJSON(t, `[]`)
}

func TestPoozleUpdateReplacesConfigAndDefaultsSyncOff(t *testing.T) {
	h := newHarness(t)
	account := h.createPoozleAccount(poozleBodyWith(`"syncEnabled":true,"syncPeriod":"EVERY_HOUR"`))
	h.clock.Advance(time.Minute)
	path := "/v1/integration_account/" + account.IntegrationAccountID

	// syncEnabled omitted: its class default, false, is stored; syncPeriod omitted: left as is.
	resp := h.poozleSend("POST", path, `{"integrationAccountName":"renamed","authType":"ignored","config":{"api_key":"k2"}}`).
		expect(t, http.StatusCreated)
	checkPoozleAccountContract(t, resp.body)
	resp.expectJSON(t, `{
		"integrationAccountId": "`+account.IntegrationAccountID+`", "integrationDefinitionId": "`+PoozleGitHubDefinitionID+`",
		"integrationConfiguration": {"api_key": "k2"}, "authType": "Api Key", "workspaceId": "`+PoozleWorkspaceID+`",
		"integrationAccountName": "renamed", "deleted": null, "createdAt": "2025-06-01T12:00:00.000Z",
		"updatedAt": "2025-06-01T12:01:00.000Z", "accountIdentifier": "acme-ci", "syncEnabled": false,
		"syncPeriod": "EVERY_HOUR", "linkId": null
	}`)
	// An explicit null clears syncPeriod.
	var cleared PoozleIntegrationAccount
	h.poozleSend("POST", path, `{"integrationAccountName":"renamed","authType":"Api Key","config":{},"syncEnabled":true,"syncPeriod":null}`).
		expect(t, http.StatusCreated).decode(t, &cleared)
	if cleared.SyncPeriod != nil || !cleared.SyncEnabled {
		t.Errorf("after clearing: syncPeriod %v, syncEnabled %v", cleared.SyncPeriod, cleared.SyncEnabled)
	}
	h.poozleSend("POST", path, `{"integrationAccountName":1}`).expect(t, http.StatusBadRequest).expectJSON(t,
		`{"statusCode":400,"error":"Bad Request","message":["integrationAccountName must be a string","authType must be a string","config must be an object"]}`)
	h.poozleSend("POST", "/v1/integration_account/00000000-0000-4000-8000-000000000000",
		`{"integrationAccountName":"x","authType":"Api Key","config":{}}`).expect(t, http.StatusNotFound).expectJSON(t,
		`{"statusCode":404,"message":"[P2025]: An operation failed because it depends on one or more records that were required but not found. Record to update not found."}`)
}

func TestPoozleDeleteAnswersTheRowThen404(t *testing.T) {
	h := newHarness(t)
	account := h.createPoozleAccount(poozleGitHubAPIKeyBody)
	path := "/v1/integration_account/" + account.IntegrationAccountID
	resp := h.poozleSend("DELETE", path, "").expect(t, http.StatusOK)
	checkPoozleAccountContract(t, resp.body)
	var deleted PoozleIntegrationAccount
	resp.decode(t, &deleted)
	if deleted.IntegrationAccountID != account.IntegrationAccountID || deleted.Deleted != nil || deleted.IntegrationDefinition != nil {
		t.Errorf("deleted = %s", resp.body)
	}
	h.poozleSend("DELETE", path, "").expect(t, http.StatusNotFound).expectJSON(t,
		`{"statusCode":404,"message":"[P2025]: An operation failed because it depends on one or more records that were required but not found. Record to delete does not exist."}`)
	if h.server.RemovePoozleAccount(account.IntegrationAccountID) {
		t.Error("RemovePoozleAccount found a deleted account")
	}
}

func TestPoozleRotatesOAuth2RefreshTokensAfterCreate(t *testing.T) {
	h := newHarness(t)
	created := h.createPoozleAccount(poozleOAuth2Body("r1"))
	if got := created.IntegrationConfiguration["refresh_token"]; got != "r1" {
		t.Errorf("create answered refresh_token %v, want the one sent", got)
	}
	var read PoozleIntegrationAccount
	h.poozle("/v1/integration_account/"+created.IntegrationAccountID).expect(t, http.StatusOK).decode(t, &read)
	rotated := read.IntegrationConfiguration["refresh_token"]
	if rotated == "r1" || rotated == "" || read.IntegrationConfiguration["client_secret"] != "s" {
		t.Errorf("stored config after create = %v, want a new refresh_token and the rest as sent", read.IntegrationConfiguration)
	}
	if apiKey := h.createPoozleAccount(poozleGitHubAPIKeyBody); h.server.State().Poozle.IntegrationAccounts[1].IntegrationConfiguration["api_key"] != "k1" {
		t.Errorf("Api Key account %s changed", apiKey.IntegrationAccountID)
	}

	h.server.ConfigurePoozle(func(s *PoozleSettings) { s.RotateRefreshToken = false })
	kept := h.createPoozleAccount(poozleOAuth2Body("r2"))
	if got := h.server.State().Poozle.IntegrationAccounts[2].IntegrationConfiguration["refresh_token"]; got != "r2" {
		t.Errorf("with rotation off, account %s holds refresh_token %v", kept.IntegrationAccountID, got)
	}
	h.server.Reset()
	h.send("POST", "/_fake/config", `{"poozle":{"rotate_refresh_token":false}}`).expect(t, http.StatusOK)
	h.createPoozleAccount(poozleOAuth2Body("r3"))
	if got := h.server.State().Poozle.IntegrationAccounts[0].IntegrationConfiguration["refresh_token"]; got != "r3" {
		t.Errorf("with rotation off through /_fake/config, the account holds refresh_token %v", got)
	}
	h.server.Reset()
	h.server.mu.Lock()
	defer h.server.mu.Unlock()
	if !h.server.poozle.settings.RotateRefreshToken {
		t.Error("Reset did not restore rotation")
	}
}
