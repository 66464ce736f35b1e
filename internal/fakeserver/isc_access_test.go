package fakeserver

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// tokenFor mints a token for a client the fake does not otherwise know, to test one scope at a
// time.
func (h *harness) tokenFor(client *iscClient) string {
	h.server.mu.Lock()
	defer h.server.mu.Unlock()
	token, _ := h.server.isc.issueToken(client, h.clock.Now(), time.Hour)
	return token
}

func (h *harness) iscAs(token, method, path, body string) response {
	h.t.Helper()
	return h.send(method, "/isc"+path, body, "Authorization", "Bearer "+token)
}

func jwtClaims(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

func TestISCTokenKinds(t *testing.T) {
	tests := []struct {
		name, id, secret, scope string
		userContext             bool
	}{
		{"personal access token", ISCClientID, ISCClientSecret, "sp:scopes:all", true},
		{"API client", ISCAPIClientID, ISCAPIClientSecret, "idn:accounts:read idn:accounts:manage idn:accounts-state:manage idn:task-management:read idn:sources:read", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			var token iscTokenResponse
			form := "grant_type=client_credentials&client_id=" + tt.id + "&client_secret=" + tt.secret
			h.send("POST", "/isc/oauth/token", form, "Content-Type", formContentType).expect(t, http.StatusOK).decode(t, &token)
			if token.Scope != tt.scope || (token.UserID != "") != tt.userContext || (token.IdentityID != "") != tt.userContext {
				t.Errorf("token response = %+v", token)
			}
			claims := jwtClaims(t, token.AccessToken)
			_, hasUser := claims["user_id"]
			_, hasIdentity := claims["identity_id"]
			if claims["client_id"] != tt.id || hasUser != tt.userContext || hasIdentity != tt.userContext {
				t.Errorf("claims = %v", claims)
			}
		})
	}
}

// iscRouteAccess lists every ISC route with the scopes its OpenAPI security section lists.
var iscRouteAccess = []struct {
	method, path string
	scopes       []string
	userContext  bool
}{
	{"GET", "/accounts/v1", []string{"idn:accounts:read", "idn:accounts:manage"}, false},
	{"GET", "/v3/accounts", []string{"idn:accounts:read", "idn:accounts:manage"}, false},
	{"GET", "/accounts/v1/{id}", []string{"idn:accounts:read", "idn:accounts:manage"}, false},
	{"GET", "/v3/accounts/{id}", []string{"idn:accounts:read", "idn:accounts:manage"}, false},
	{"POST", "/accounts/v1", []string{"idn:accounts:manage"}, false},
	{"POST", "/v3/accounts", []string{"idn:accounts:manage"}, false},
	{"PUT", "/accounts/v1/{id}", []string{"idn:accounts:manage"}, false},
	{"PUT", "/v3/accounts/{id}", []string{"idn:accounts:manage"}, false},
	{"DELETE", "/accounts/v1/{id}", []string{"idn:accounts:manage"}, false},
	{"DELETE", "/v3/accounts/{id}", []string{"idn:accounts:manage"}, false},
	{"POST", "/accounts/v1/{id}/enable", []string{"idn:accounts-state:manage"}, false},
	{"POST", "/v3/accounts/{id}/disable", []string{"idn:accounts-state:manage"}, false},
	{"GET", "/task-status/v1", []string{"idn:task-management:read", "idn:task-management:write"}, false},
	{"GET", "/task-status/v1/{id}", []string{"idn:task-management:read", "idn:task-management:write"}, false},
	{"GET", "/beta/task-status", []string{"idn:task-management:read", "idn:task-management:write"}, false},
	{"GET", "/v2025/task-status/{id}", []string{"idn:task-management:read", "idn:task-management:write"}, false},
	{"GET", "/sources/v1", []string{"idn:sources:read", "idn:sources:manage"}, false},
	{"GET", "/v3/sources", []string{"idn:sources:read", "idn:sources:manage"}, false},
	{"GET", "/sources/v1/{id}", []string{"idn:sources:read", "idn:sources:manage"}, false},
	{"GET", "/v3/sources/{id}", []string{"idn:sources:read", "idn:sources:manage"}, false},
	{"GET", "/sources/v1/" + ISCFlatFileSourceID + "/schemas", []string{"idn:source-schema:read", "idn:source-schema:manage"}, true},
	{"GET", "/v3/sources/" + ISCFlatFileSourceID + "/schemas", []string{"idn:source-schema:read", "idn:source-schema:manage"}, true},
}

func TestISCRoutesRequireTheirScopes(t *testing.T) {
	h := newHarness(t)
	for _, route := range iscRouteAccess {
		t.Run(route.method+" "+route.path, func(t *testing.T) {
			h := h.with(t)
			path := strings.ReplaceAll(route.path, "{id}", "ffffffffffffffffffffffffffffffff")
			unrelated := h.tokenFor(&iscClient{id: "unrelated", scopes: []string{"idn:unrelated:read"}, userID: "u"})
			h.iscAs(unrelated, route.method, path, "{}").expect(t, http.StatusForbidden).expectJSON(t,
				`{"detailCode":"403 Forbidden","trackingId":"$ANY","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"$ANY"}],"causes":[]}`)
			for _, scope := range route.scopes {
				user := h.tokenFor(&iscClient{id: "user-" + scope, scopes: []string{scope}, userID: "u"})
				if got := h.iscAs(user, route.method, path, "{}"); got.status == http.StatusForbidden {
					t.Errorf("user token with %s: 403 %s", scope, got.body)
				}
				app := h.tokenFor(&iscClient{id: "app-" + scope, scopes: []string{scope}})
				if got := h.iscAs(app, route.method, path, "{}"); (got.status == http.StatusForbidden) != route.userContext {
					t.Errorf("API client token with %s: status %d", scope, got.status)
				}
			}
		})
	}
}

func TestISCAPIClientManagesAccountsButCannotReadSchemas(t *testing.T) {
	h := newHarness(t)
	var token iscTokenResponse
	form := "grant_type=client_credentials&client_id=" + ISCAPIClientID + "&client_secret=" + ISCAPIClientSecret
	h.send("POST", "/isc/oauth/token", form, "Content-Type", formContentType).expect(t, http.StatusOK).decode(t, &token)
	h.token = token.AccessToken

	task := h.startTask("POST", "/accounts/v1", flatFileAccount("7001", "App Made"))
	h.finishTasks()
	h.settledTask(task)
	account := h.accounts(`nativeIdentity eq "7001"`)[0]
	h.startTask("POST", "/accounts/v1/"+account.ID+"/disable", "{}")
	h.isc("GET", "/sources/v1/"+ISCFlatFileSourceID+"/schemas", "").expect(t, http.StatusForbidden)
	h.isc("GET", "/v3/sources/"+ISCFlatFileSourceID+"/schemas", "").expect(t, http.StatusForbidden)
}

// The current per-API paths and the legacy ones serve one store the same way.
func TestISCCurrentPathsMatchLegacyOnes(t *testing.T) {
	h := newHarness(t)
	created := h.startTask("POST", "/accounts/v1", flatFileAccount("8001", "Current"))
	h.finishTasks()
	if task := h.settledTaskAt("/task-status/v1/", created); *task.CompletionStatus != "SUCCESS" {
		t.Fatalf("create task = %s", mustJSON(t, task))
	}
	var listed []ISCAccount
	h.isc("GET", "/accounts/v1?filters=nativeIdentity%20eq%20%228001%22", "").expect(t, http.StatusOK).decode(t, &listed)
	if len(listed) != 1 {
		t.Fatalf("accounts = %s", mustJSON(t, listed))
	}
	id := listed[0].ID
	var current, legacy ISCAccount
	h.isc("GET", "/accounts/v1/"+id, "").expect(t, http.StatusOK).decode(t, &current)
	h.isc("GET", "/v3/accounts/"+id, "").expect(t, http.StatusOK).decode(t, &legacy)
	if mustJSON(t, current) != mustJSON(t, legacy) {
		t.Errorf("current %s\nlegacy  %s", mustJSON(t, current), mustJSON(t, legacy))
	}

	h.startTask("PUT", "/accounts/v1/"+id, accountBody(map[string]any{"id": "8001", "displayName": "Renamed"}))
	h.startTask("POST", "/accounts/v1/"+id+"/disable", "")
	h.finishTasks()
	if got := h.account(id); got.Name != "Renamed" || !got.Disabled {
		t.Errorf("account after PUT and disable = %s", mustJSON(t, got))
	}
	var schemas []ISCSchema
	h.isc("GET", "/sources/v1/"+ISCFlatFileSourceID+"/schemas", "").expect(t, http.StatusOK).decode(t, &schemas)
	if len(schemas) != 1 || schemas[0].IdentityAttribute != "id" {
		t.Errorf("schemas = %s", mustJSON(t, schemas))
	}
	h.startTask("DELETE", "/accounts/v1/"+id, "")
	h.finishTasks()
	h.isc("GET", "/accounts/v1/"+id, "").expect(t, http.StatusNotFound)
}

// settledTaskAt is settledTask read through another task-status path.
func (h *harness) settledTaskAt(prefix, id string) ISCTask {
	h.t.Helper()
	var task ISCTask
	for range 2 { // the first read after completion hides the status
		h.isc("GET", prefix+id, "").expect(h.t, http.StatusOK).decode(h.t, &task)
	}
	return task
}

func (h *harness) taskIDsListed(path string) []string {
	h.t.Helper()
	var tasks []ISCTask
	h.isc("GET", path, "").expect(h.t, http.StatusOK).decode(h.t, &tasks)
	return mapped(tasks, func(task ISCTask) string { return task.ID })
}

func TestISCTaskStatusListsAsEachVersionDocuments(t *testing.T) {
	h := newHarness(t)
	task := h.startTask("POST", "/accounts/v1", flatFileAccount("8101", "Listed"))
	h.clock.Advance(50 * time.Millisecond) // visible, still running
	for path, wantListed := range map[string]bool{"/task-status/v1": true, "/v2025/task-status": true, "/beta/task-status": false} {
		if got := slices.Contains(h.taskIDsListed(path), task); got != wantListed {
			t.Errorf("running task listed by %s = %v, want %v", path, got, wantListed)
		}
	}
	h.task(task) // beta by id finds a running task
	h.finishTasks()
	for _, path := range []string{"/task-status/v1", "/v2025/task-status", "/beta/task-status"} {
		if !slices.Contains(h.taskIDsListed(path), task) {
			t.Errorf("completed task not listed by %s", path)
		}
	}
}

func TestISCTaskHiddenFaultHidesTheTaskButAppliesItsChange(t *testing.T) {
	h := newHarness(t)
	h.server.AddFault(Fault{API: APIISC, Method: "POST", Path: "/accounts/v1", TaskHidden: true, Times: 1})
	task := h.startTask("POST", "/accounts/v1", flatFileAccount("8201", "Hidden"))
	h.finishTasks()
	h.clock.Advance(time.Second)
	for _, path := range []string{"/task-status/v1/", "/v2025/task-status/", "/beta/task-status/"} {
		h.isc("GET", path+task, "").expect(t, http.StatusNotFound)
	}
	for _, path := range []string{"/task-status/v1", "/v2025/task-status", "/beta/task-status"} {
		if slices.Contains(h.taskIDsListed(path), task) {
			t.Errorf("%s lists the hidden task", path)
		}
	}
	if got := h.accounts(`nativeIdentity eq "8201"`); len(got) != 1 {
		t.Errorf("the hidden task's change was not applied: %s", mustJSON(t, got))
	}
}
