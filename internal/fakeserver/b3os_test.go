package fakeserver

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func (h *harness) b3os(path string) response {
	h.t.Helper()
	return h.send("GET", "/b3os"+path, "", "Authorization", "Bearer "+B3OSAPIKey, "X-Org-ID", B3OSOrganizationID)
}

// b3osCall sends a request with the full development key.
func (h *harness) b3osCall(method, path, body string) response {
	h.t.Helper()
	return h.send(method, "/b3os"+path, body, "Authorization", "Bearer "+B3OSAPIKey)
}

// b3osCreate creates a service account and returns it, checked against the contract.
func (h *harness) b3osCreate(name string, permissions ...string) B3OSServiceAccount {
	h.t.Helper()
	body := `{"name":"` + name + `","permissions":["` + strings.Join(permissions, `","`) + `"]}`
	resp := h.b3osCall("POST", "/v1/service-accounts", body).expect(h.t, http.StatusOK)
	checkB3OSServiceAccountContract(h.t, resp)
	var envelope struct{ Data B3OSServiceAccount }
	resp.decode(h.t, &envelope)
	return envelope.Data
}

// b3osServiceAccountContract mirrors the 200 answer of the seed b3os-create-service-account.txt
// (docs.b3os.org POST /v1/service-accounts): each field with its JSON type, and whether it may
// be null. disabledAt is a string there; the fake sends null while the account is active.
var b3osServiceAccountContract = []struct {
	field    string
	kind     string // "string", "number", "array", "object"
	nullable bool
}{
	{"createdAt", "string", false},
	{"createdBy", "string", false},
	{"description", "string", false},
	{"disabledAt", "string", true},
	{"id", "string", false},
	{"name", "string", false},
	{"organizationId", "string", false},
	{"permissions", "array", false},
	{"status", "string", false},
	{"updatedAt", "string", false},
}

// b3osEnvelopeContract mirrors the seed's envelope around data.
var b3osEnvelopeContract = []struct{ field, kind string }{
	{"code", "number"}, {"data", "object"}, {"message", "string"}, {"requestId", "string"},
}

func checkB3OSServiceAccountContract(t *testing.T, resp response) {
	t.Helper()
	var envelope map[string]any
	resp.decode(t, &envelope)
	for _, want := range b3osEnvelopeContract {
		checkJSONField(t, envelope, want.field, want.kind, false)
	}
	if envelope["message"] != "success" || envelope["code"] != float64(resp.status) {
		t.Errorf("envelope = %s", resp.body)
	}
	data, _ := envelope["data"].(map[string]any)
	for _, want := range b3osServiceAccountContract {
		checkJSONField(t, data, want.field, want.kind, want.nullable)
	}
	if len(data) != len(b3osServiceAccountContract) {
		t.Errorf("data has fields the seed does not document: %s", resp.body)
	}
	if status := data["status"]; status != "active" && status != "disabled" {
		t.Errorf("status %v is not in the seed's enum", status)
	}
}

func checkJSONField(t *testing.T, object map[string]any, field, kind string, nullable bool) {
	t.Helper()
	value, present := object[field]
	if !present {
		t.Errorf("%s is missing", field)
		return
	}
	if value == nil {
		if !nullable {
			t.Errorf("%s is null", field)
		}
		return
	}
	got := "another type"
	switch value.(type) {
	case string:
		got = "string"
	case float64:
		got = "number"
	case []any:
		got = "array"
	case map[string]any:
		got = "object"
	}
	if got != kind {
		t.Errorf("%s is a %s (%v), want a %s", field, got, value, kind)
	}
}

func TestB3OSEnvelopes(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ path, want string }{
		{"/v1/organizations", `{"code":200,"message":"success","requestId":"$REQUEST_ID","data":{"items":[
			{"id":"org_fake","slug":"fake-organization","name":"Fake Organization","description":"$ANY","createdBy":"$ANY","createdAt":"$ANY","updatedAt":"$ANY"}],
			"limit":100,"offset":0,"hasMore":false}}`},
		{"/v1/service-accounts?limit=10&offset=0", `{"code":200,"message":"success","requestId":"$REQUEST_ID","data":{"items":[],"limit":10,"offset":0,"hasMore":false}}`},
		{"/v1/whoami", `{"code":200,"message":"success","requestId":"$REQUEST_ID","data":{"authType":"api_key","organizationId":"org_fake","organization":
			{"id":"org_fake","slug":"fake-organization","name":"Fake Organization","description":"$ANY","createdBy":"$ANY","createdAt":"$ANY","updatedAt":"$ANY"}}}`},
		{"/v1/service-accounts?limit=101", `{"code":400,"message":"limit must be an integer between 1 and 100","requestId":"$REQUEST_ID"}`},
	}
	requestID := regexp.MustCompile(`^req_[0-9a-f]{32}$`)
	for _, tt := range tests {
		resp := h.b3os(tt.path)
		resp.expectJSON(t, tt.want)
		if !requestID.MatchString(resp.header.Get(b3osRequestIDHeader)) {
			t.Errorf("%s: X-Request-Id = %q", tt.path, resp.header.Get(b3osRequestIDHeader))
		}
	}
	// The organization key implies its organization, so X-Org-ID is optional.
	h.send("GET", "/b3os/v1/whoami", "", "Authorization", "Bearer "+B3OSAPIKey).expect(t, http.StatusOK)
}

func TestB3OSServiceAccountLifecycle(t *testing.T) {
	h := newHarness(t)
	created := h.b3osCreate("ci-bot", "org:read", "workflow:read")
	if !regexp.MustCompile(`^sa_[0-9a-f]{24}$`).MatchString(created.ID) || created.Status != "active" || created.DisabledAt != nil ||
		created.OrganizationID != B3OSOrganizationID || created.CreatedAt != "2025-06-01T12:00:00.000Z" || created.Description != "" {
		t.Fatalf("created = %+v", created)
	}
	path := "/v1/service-accounts/" + created.ID
	checkB3OSServiceAccountContract(t, h.b3osCall("GET", path, "").expect(t, http.StatusOK))

	h.clock.Advance(time.Minute)
	resp := h.b3osCall("PATCH", path, `{"name":"ci-robot","description":"CI","permissions":["run:read"]}`).expect(t, http.StatusOK)
	checkB3OSServiceAccountContract(t, resp)
	resp.expectJSON(t, `{"code":200,"message":"success","requestId":"$REQUEST_ID","data":{"id":"`+created.ID+`","name":"ci-robot","description":"CI",
		"organizationId":"org_fake","permissions":["run:read"],"status":"active","disabledAt":null,
		"createdAt":"2025-06-01T12:00:00.000Z","createdBy":"$ANY","updatedAt":"2025-06-01T12:01:00.000Z"}}`)

	resp = h.b3osCall("POST", path+"/disable", "").expect(t, http.StatusOK)
	checkB3OSServiceAccountContract(t, resp)
	if account := h.server.State().B3OS.ServiceAccounts[0]; account.Status != "disabled" || account.DisabledAt == nil || *account.DisabledAt != "2025-06-01T12:01:00.000Z" {
		t.Errorf("after disable: %+v", account)
	}
	h.b3osCall("POST", path+"/disable", "").expect(t, http.StatusOK) // repeating is harmless
	h.b3osCall("POST", path+"/enable", "").expect(t, http.StatusOK)
	if account := h.server.State().B3OS.ServiceAccounts[0]; account.Status != "active" || account.DisabledAt != nil {
		t.Errorf("after enable: %+v", account)
	}

	h.b3osCall("DELETE", path, "").expect(t, http.StatusOK).expectJSON(t, `{"code":200,"message":"success","requestId":"$REQUEST_ID"}`)
	h.b3osCall("GET", path, "").expect(t, http.StatusNotFound).
		expectJSON(t, `{"code":404,"message":"service account not found","requestId":"$REQUEST_ID"}`)
	if accounts := h.server.State().B3OS.ServiceAccounts; len(accounts) != 0 {
		t.Errorf("accounts after delete = %+v", accounts)
	}
}

func TestB3OSServiceAccountInputIsValidated(t *testing.T) {
	h := newHarness(t)
	existing := h.b3osCreate("taken", "org:read")
	other := h.b3osCreate("other", "org:read")
	tests := []struct {
		name, method, path, body string
		status                   int
		message                  string
	}{
		{"empty permissions", "POST", "", `{"name":"a","permissions":[]}`, 400, "permissions must contain at least one permission"},
		{"no permissions", "POST", "", `{"name":"a"}`, 400, "permissions must contain at least one permission"},
		{"no action", "POST", "", `{"name":"a","permissions":["org"]}`, 400, `invalid permission "org": expected the form resource:action`},
		{"upper case", "POST", "", `{"name":"a","permissions":["Org:Read"]}`, 400, `invalid permission "Org:Read": expected the form resource:action`},
		{"no name", "POST", "", `{"permissions":["org:read"]}`, 400, "name is required"},
		{"not json", "POST", "", `{`, 400, "invalid request body: unexpected end of JSON input"},
		{"duplicate name", "POST", "", `{"name":"taken","permissions":["org:read"]}`, 409, `a service account named "taken" already exists in this organization`},
		{"patch without name", "PATCH", "/" + existing.ID, `{"permissions":["org:read"]}`, 400, "name is required"},
		{"patch without permissions", "PATCH", "/" + existing.ID, `{"name":"taken"}`, 400, "permissions must contain at least one permission"},
		{"patch onto another name", "PATCH", "/" + other.ID, `{"name":"taken","permissions":["org:read"]}`, 409, `a service account named "taken" already exists in this organization`},
		{"patch unknown id", "PATCH", "/sa_missing", `{"name":"x","permissions":["org:read"]}`, 404, "service account not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.with(t).b3osCall(tt.method, "/v1/service-accounts"+tt.path, tt.body).expect(t, tt.status).
				expectJSON(t, `{"code":`+strconv.Itoa(tt.status)+`,"message":`+strconv.Quote(tt.message)+`,"requestId":"$REQUEST_ID"}`)
		})
	}
	if got := len(h.server.State().B3OS.ServiceAccounts); got != 2 {
		t.Errorf("accounts = %d, want the 2 valid ones", got)
	}
	// A rename that keeps the account's own name is no conflict.
	h.b3osCall("PATCH", "/v1/service-accounts/"+existing.ID, `{"name":"taken","permissions":["ai:chat"]}`).expect(t, http.StatusOK)
}

func TestB3OSAuthorization(t *testing.T) {
	h := newHarness(t)
	account := h.b3osCreate("guarded", "org:read")
	path := "/b3os/v1/service-accounts"
	tests := []struct {
		name, key, method, path string
		status                  int
		want                    string
	}{
		{"no key", "", "GET", path, 401, `{"code":401,"message":"invalid or expired API key","requestId":"$REQUEST_ID"}`},
		{"revoked key", B3OSRevokedAPIKey, "GET", path, 401, `{"code":401,"message":"API key has been revoked","requestId":"$REQUEST_ID"}`},
		{"read-only create", B3OSReadOnlyAPIKey, "POST", path, 403, `{"code":403,"message":"insufficient permissions: this API key lacks service_account:write","requestId":"$REQUEST_ID"}`},
		{"read-only update", B3OSReadOnlyAPIKey, "PATCH", path + "/" + account.ID, 403, `{"code":403,"message":"insufficient permissions: this API key lacks service_account:write","requestId":"$REQUEST_ID"}`},
		{"read-only delete", B3OSReadOnlyAPIKey, "DELETE", path + "/" + account.ID, 403, `{"success":false,"error":{"message":"insufficient permissions: this API key lacks service_account:write","code":"FORBIDDEN"}}`},
		{"read-only disable", B3OSReadOnlyAPIKey, "POST", path + "/" + account.ID + "/disable", 403, `{"success":false,"error":{"message":"insufficient permissions: this API key lacks service_account:write","code":"FORBIDDEN"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			if tt.key != "" {
				headers = []string{"Authorization", "Bearer " + tt.key}
			}
			h.with(t).send(tt.method, tt.path, `{"name":"x","permissions":["org:read"]}`, headers...).expect(t, tt.status).expectJSON(t, tt.want)
		})
	}
	// The read-only key still reads.
	h.send("GET", path+"/"+account.ID, "", "Authorization", "Bearer "+B3OSReadOnlyAPIKey).expect(t, http.StatusOK)
	if accounts := h.server.State().B3OS.ServiceAccounts; len(accounts) != 1 || accounts[0].Name != "guarded" {
		t.Errorf("refused requests changed the accounts: %+v", accounts)
	}
}

func TestB3OSInferredRoutesAnswerTheGuidesErrorShape(t *testing.T) {
	h := newHarness(t)
	for _, route := range []struct{ method, path string }{
		{"DELETE", "/v1/service-accounts/sa_missing"},
		{"POST", "/v1/service-accounts/sa_missing/disable"},
		{"POST", "/v1/service-accounts/sa_missing/enable"},
	} {
		h.b3osCall(route.method, route.path, "").expect(t, http.StatusNotFound).
			expectJSON(t, `{"success":false,"error":{"message":"service account not found","code":"NOT_FOUND"}}`)
	}
}

func TestB3OSListPagesAndHidesOtherOrganizations(t *testing.T) {
	h := newHarness(t)
	for _, name := range []string{"a", "b", "c"} {
		h.b3osCreate(name, "org:read")
	}
	h.server.mu.Lock()
	h.server.b3os.serviceAccounts = append(h.server.b3os.serviceAccounts, &B3OSServiceAccount{ID: "sa_elsewhere", Name: "d", OrganizationID: "org_other"})
	h.server.mu.Unlock()

	names := func(resp response) ([]string, bool) {
		var envelope struct{ Data b3osPage[B3OSServiceAccount] }
		resp.decode(t, &envelope)
		var names []string
		for _, account := range envelope.Data.Items {
			names = append(names, account.Name)
		}
		return names, envelope.Data.HasMore
	}
	if got, more := names(h.b3os("/v1/service-accounts?limit=2")); !slices.Equal(got, []string{"a", "b"}) || !more {
		t.Errorf("first page = %v, hasMore %v", got, more)
	}
	if got, more := names(h.b3os("/v1/service-accounts?limit=2&offset=2")); !slices.Equal(got, []string{"c"}) || more {
		t.Errorf("second page = %v, hasMore %v", got, more)
	}
	h.b3os("/v1/service-accounts/sa_elsewhere").expect(t, http.StatusNotFound)
}

func TestB3OSRateLimitIsPerOrganizationAndConfigurable(t *testing.T) {
	h := newHarness(t)
	h.server.ConfigureB3OS(func(c *B3OSSettings) { c.RateLimit, c.RateWindowMS = 2, 1500 })
	h.b3os("/v1/service-accounts").expect(t, http.StatusOK)
	h.clock.Advance(200 * time.Millisecond)
	h.send("GET", "/b3os/v1/whoami", "", "Authorization", "Bearer "+B3OSReadOnlyAPIKey).expect(t, http.StatusOK) // same organization
	resp := h.b3os("/v1/service-accounts").expect(t, http.StatusTooManyRequests)
	resp.expectJSON(t, `{"code":429,"message":"rate limit exceeded for this organization","requestId":"$REQUEST_ID"}`)
	if got := resp.header.Get("Retry-After"); got != "2" { // 1.3 s left in the window, rounded up
		t.Errorf("Retry-After = %q, want 2", got)
	}
	h.clock.Advance(1300 * time.Millisecond)
	h.b3os("/v1/service-accounts").expect(t, http.StatusOK)

	h.server.Reset()
	if h.server.b3os.settings != defaultB3OSSettings() {
		t.Errorf("settings after Reset = %+v", h.server.b3os.settings)
	}
}

func TestB3OSSettingsThroughTheAdminEndpoint(t *testing.T) {
	h := newHarness(t)
	h.send("POST", "/_fake/config", `{"b3os":{"rate_limit":-1}}`).expect(t, http.StatusBadRequest)
	h.send("POST", "/_fake/config", `{"b3os":{"rate_limt":1}}`).expect(t, http.StatusBadRequest)
	h.send("POST", "/_fake/config", `{"b3os":{"rate_limit":1}}`).expect(t, http.StatusOK)
	if got := h.server.b3os.settings; got != (B3OSSettings{RateLimit: 1, RateWindowMS: 10000}) {
		t.Errorf("settings = %+v, want only rate_limit changed", got)
	}
	h.b3os("/v1/whoami").expect(t, http.StatusOK)
	h.b3os("/v1/whoami").expect(t, http.StatusTooManyRequests)
}

func TestB3OSInvalidSettingsPanic(t *testing.T) {
	s := New()
	for name, change := range map[string]func(*B3OSSettings){
		"negative limit": func(c *B3OSSettings) { c.RateLimit = -1 },
		"empty window":   func(c *B3OSSettings) { c.RateWindowMS = 0 },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("did not panic")
				}
			}()
			s.ConfigureB3OS(change)
		})
	}
}

func TestB3OSBackdoorsChangeAccountsAtOnce(t *testing.T) {
	h := newHarness(t)
	account := h.b3osCreate("changed-behind", "org:read")
	if !h.server.SetB3OSServiceAccountPermissions(account.ID, []string{"ai:chat"}) || h.server.State().B3OS.ServiceAccounts[0].Permissions[0] != "ai:chat" {
		t.Error("permissions not set")
	}
	if !h.server.RemoveB3OSServiceAccount(account.ID) || h.server.RemoveB3OSServiceAccount(account.ID) {
		t.Error("RemoveB3OSServiceAccount did not report what it removed")
	}
}
