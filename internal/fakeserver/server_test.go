package fakeserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

var testEpoch = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// manualClock is the server's clock in tests, so task and token timings are exact.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// harness is a fake server on a manual clock behind a real HTTP listener.
type harness struct {
	t      *testing.T
	server *Server
	clock  *manualClock
	base   string
	client *http.Client
	token  string // ISC access token, fetched on first use
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	server := New()
	clock := &manualClock{now: testEpoch}
	server.clock = clock.Now
	listener := httptest.NewServer(server)
	transport := &http.Transport{}
	t.Cleanup(func() {
		transport.CloseIdleConnections()
		listener.Close()
	})
	return &harness{t: t, server: server, clock: clock, base: listener.URL, client: &http.Client{Transport: transport}}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// send performs a request; headers are name, value pairs. A non-empty body is sent as JSON
// unless a Content-Type header says otherwise.
func (h *harness) send(method, path, body string, headers ...string) response {
	h.t.Helper()
	resp, err := h.trySend(method, path, body, headers...)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

func (h *harness) trySend(method, path, body string, headers ...string) (response, error) {
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, h.base+path, reader)
	if err != nil {
		return response{}, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1] // net/http sends req.Host, not a Host header
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: data}, err
}

func (r response) expect(t *testing.T, status int) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body: %s", r.status, status, r.body)
	}
	return r
}

func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

// expectJSON compares the body with want, in which the string "$ANY" matches any non-empty
// string and "$REQUEST_ID" the response's B3OS request id header.
func (r response) expectJSON(t *testing.T, want string) {
	t.Helper()
	want = strings.ReplaceAll(want, "$REQUEST_ID", r.header.Get(b3osRequestIDHeader))
	var wanted, got any
	if err := json.Unmarshal([]byte(want), &wanted); err != nil {
		t.Fatalf("bad expectation %s: %v", want, err)
	}
	r.decode(t, &got)
	if !matchesJSON(wanted, got) {
		t.Fatalf("body = %s\nwant   %s", r.body, want)
	}
}

func matchesJSON(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, isObject := got.(map[string]any)
		if !isObject || len(g) != len(w) {
			return false
		}
		for key, value := range w {
			if !matchesJSON(value, g[key]) {
				return false
			}
		}
		return true
	case []any:
		g, isArray := got.([]any)
		if !isArray || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !matchesJSON(w[i], g[i]) {
				return false
			}
		}
		return true
	case string:
		if w == "$ANY" {
			s, isString := got.(string)
			return isString && s != ""
		}
	}
	return reflect.DeepEqual(want, got)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	encoded, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(encoded)
}

func TestAuthFailuresAnswerInEachAPIsShape(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name    string
		path    string
		headers []string
		status  int
		want    string
	}{
		{"isc without token", "/isc/v3/accounts", nil, 401, `{"error":"JWT validation failed: JWT is missing or invalid"}`},
		{"isc unknown token", "/isc/v3/accounts", []string{"Authorization", "Bearer forged"}, 401, `{"error":"JWT validation failed: JWT is missing or invalid"}`},
		{"poozle wrong token", "/poozle/v1/integration_account?workspaceId=" + PoozleWorkspaceID, []string{"Authorization", "Bearer wrong"}, 401, `{"message":"Unauthorised"}`},
		{"b3os wrong key", "/b3os/v1/organizations", []string{"Authorization", "Bearer b3sk_wrong"}, 401, `{"code":401,"message":"invalid or expired API key","requestId":"$REQUEST_ID"}`},
		{"b3os key for another org", "/b3os/v1/organizations", []string{"Authorization", "Bearer " + B3OSAPIKey, "X-Org-ID", "org_other"}, 403, `{"code":403,"message":"API key does not belong to organization org_other","requestId":"$REQUEST_ID"}`},
		{"teal wrong key", "/teal/users", []string{"X-API-KEY", "wrong"}, 401, `{"errors":["No X-API-KEY header provided or wrong value"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.with(t).send("GET", tt.path, "", tt.headers...).expect(t, tt.status).expectJSON(t, tt.want)
		})
	}
}

func TestUnknownRoutesAnswerInEachAPIsShape(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name string
		path string
		want string
	}{
		{"isc", "/isc/v3/nothing", `{"detailCode":"404 Not found","trackingId":"$ANY","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"The server did not find a current representation for the target resource."}],"causes":[]}`},
		{"poozle", "/poozle/v1/x?a=b", `{"statusCode":404,"message":"Cannot GET /v1/x?a=b","error":"Not Found"}`},
		{"b3os", "/b3os/v1/nothing", `{"code":404,"message":"not found","requestId":"$REQUEST_ID"}`},
		{"teal", "/teal/nothing", `{"errors":["Not found"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.with(t).send("GET", tt.path, "").expect(t, http.StatusNotFound).expectJSON(t, tt.want)
		})
	}
}

func TestAdminStateServesSeeds(t *testing.T) {
	h := newHarness(t)
	var state State
	h.send("GET", "/_fake/state", "").expect(t, http.StatusOK).decode(t, &state)

	if got := len(state.ISC.Sources); got != 2 || state.ISC.Sources[0].ID != ISCFlatFileSourceID || state.ISC.Sources[1].ID != ISCDirectSourceID {
		t.Errorf("ISC sources = %+v", state.ISC.Sources)
	}
	if schema := state.ISC.Schemas[1]; schema.IdentityAttribute != "sAMAccountName" || schema.DisplayAttribute != "displayName" {
		t.Errorf("direct source schema = %+v", schema)
	}
	if len(state.Poozle.Workspaces) != 2 || state.Poozle.Workspaces[0].WorkspaceID != PoozleWorkspaceID {
		t.Errorf("Poozle workspaces = %+v", state.Poozle.Workspaces)
	}
	if len(state.Poozle.IntegrationDefinitions) != 2 {
		t.Errorf("Poozle definitions = %+v", state.Poozle.IntegrationDefinitions)
	}
	if len(state.B3OS.Organizations) != 1 || state.B3OS.Organizations[0].ID != B3OSOrganizationID {
		t.Errorf("B3OS organizations = %+v", state.B3OS.Organizations)
	}
	if len(state.Teal.Users) != 3 || state.Teal.Users[0].UserID != TealUserID || state.Teal.Authorisations[0].Status != "active" {
		t.Errorf("Teal = %+v", state.Teal)
	}
	if len(state.ISC.Accounts)+len(state.Poozle.IntegrationAccounts)+len(state.B3OS.ServiceAccounts)+len(state.Teal.Accounts) != 0 {
		t.Errorf("seeds hold accounts: %+v", state)
	}
	// The JSON uses each API's own field names.
	var raw map[string]map[string][]map[string]any
	h.send("GET", "/_fake/state", "").decode(t, &raw)
	for api, field := range map[string]string{"isc": "sources/connectionType", "poozle": "workspaces/workspaceId", "b3os": "organizations/createdAt", "teal": "users/created_at"} {
		list, key, _ := strings.Cut(field, "/")
		if _, present := raw[api][list][0][key]; !present {
			t.Errorf("state JSON %s.%s lacks %q: %v", api, list, key, raw[api][list][0])
		}
	}
}

func TestAdminRejectsBadBodies(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ path, body string }{
		{"/_fake/faults", `{`},
		{"/_fake/faults", `{"api":"isc","stauts":500}`},
		{"/_fake/faults", `{"api":"nope","status":500}`},
		{"/_fake/faults", `{"api":"isc","drop":"sometimes"}`},
		{"/_fake/faults", `{"api":"teal","task_outcome":"ERROR"}`},
		{"/_fake/config", `{"isc":{"rate_limit":-1}}`},
		{"/_fake/config", `{"isc":{"rate_limit":5,"task_duration":1}}`},
		{"/_fake/config", `{"isc":{"rate_limit":5},"nope":{}}`},
		{"/_fake/config", `{"isc_rate_limit":5}`},
		{"/_fake/config", `not json`},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			resp := h.with(t).send("POST", tt.path, tt.body).expect(t, http.StatusBadRequest)
			if !strings.HasPrefix(string(resp.body), "invalid request body") {
				t.Errorf("body = %q", resp.body)
			}
		})
	}
	if got := h.server.isc.settings; got != defaultISCSettings() {
		t.Errorf("rejected configs changed the settings: %+v", got)
	}
}

func TestAdminConfigIsPartialAndResetRestoresDefaults(t *testing.T) {
	h := newHarness(t)
	var effective struct {
		ISC ISCSettings `json:"isc"`
	}
	h.send("POST", "/_fake/config", `{"isc":{"rate_limit":7}}`).expect(t, http.StatusOK).decode(t, &effective)
	if want := (ISCSettings{TaskDurationMS: 150, TaskNotFoundMS: 50, RateLimit: 7, RateWindowMS: 10000, TokenLifetimeS: 749, AggregationMS: 2000}); effective.ISC != want {
		t.Fatalf("effective config = %s", mustJSON(t, effective))
	}
	h.send("POST", "/_fake/faults", `{"api":"teal","status":500}`).expect(t, http.StatusCreated)
	h.isc("POST", "/v3/accounts", flatFileAccount("reset-me", "Reset Me")).expect(t, http.StatusAccepted)

	h.send("POST", "/_fake/reset", "", "Content-Type", "application/json").expect(t, http.StatusNoContent)

	if state := h.server.State(); len(state.ISC.Tasks) != 0 {
		t.Errorf("tasks after reset = %+v", state.ISC.Tasks)
	}
	if h.server.RequestCount(APIISC, "", "") != 0 {
		t.Error("request counts survived reset")
	}
	h.send("GET", "/teal/users", "", "X-API-KEY", TealAPIKey).expect(t, http.StatusOK)
	if got := h.server.isc.settings; got != defaultISCSettings() {
		t.Errorf("settings after reset = %+v", got)
	}
}

func TestFaultStatusAnswersInEachAPIsShapeForTimesRequests(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		api, faultPath, path, want string
		headers                    []string
	}{
		{APIISC, "/v3/accounts", "/v3/accounts", `{"detailCode":"500.0 Internal Fault","trackingId":"$ANY","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"injected fault"}],"causes":[]}`, nil},
		{APIPoozle, "/v1/integration_definition", "/v1/integration_definition?workspaceId=" + PoozleWorkspaceID, `{"statusCode":500,"message":"injected fault","error":"Internal Server Error"}`, []string{"Authorization", "Bearer " + PoozleToken}},
		{APIB3OS, "/v1/organizations", "/v1/organizations", `{"code":500,"message":"injected fault","requestId":"$REQUEST_ID"}`, []string{"Authorization", "Bearer " + B3OSAPIKey}},
		{APITeal, "/users", "/users", `{"errors":["injected fault"]}`, []string{"X-API-KEY", TealAPIKey}},
	}
	for _, tt := range tests {
		t.Run(tt.api, func(t *testing.T) {
			h := h.with(t)
			if tt.api == APIISC {
				tt.headers = []string{"Authorization", "Bearer " + h.iscToken()}
			}
			h.server.AddFault(Fault{API: tt.api, Method: "GET", Path: tt.faultPath, Status: 500, RetryAfter: 3, Times: 2})
			for range 2 {
				resp := h.send("GET", "/"+tt.api+tt.path, "", tt.headers...).expect(t, http.StatusInternalServerError)
				resp.expectJSON(t, tt.want)
				if resp.header.Get("Retry-After") != "3" {
					t.Errorf("Retry-After = %q", resp.header.Get("Retry-After"))
				}
			}
			if got := h.server.RequestCount(tt.api, "GET", ""); got != 0 {
				t.Errorf("faulted requests counted: %d", got)
			}
			h.send("GET", "/"+tt.api+tt.path, "", tt.headers...).expect(t, http.StatusOK)
			if got := h.server.RequestCount(tt.api, "GET", ""); got != 1 {
				t.Errorf("RequestCount = %d, want 1", got)
			}
		})
	}
}

func TestFaultMatchesMethodAndPathPrefixInOrder(t *testing.T) {
	h := newHarness(t)
	h.server.AddFault(Fault{API: APITeal, Method: "POST", Status: 418})
	h.server.AddFault(Fault{API: APITeal, Path: "/users/", Status: 502})
	h.server.AddFault(Fault{API: APITeal, Path: "/users", Status: 503})
	teal := []string{"X-API-KEY", TealAPIKey}

	h.send("GET", "/teal/users/"+TealUserID, "", teal...).expect(t, http.StatusBadGateway)
	h.send("GET", "/teal/users", "", teal...).expect(t, http.StatusServiceUnavailable)
	h.send("GET", "/teal/accounts", "", teal...).expect(t, http.StatusOK)
	h.send("POST", "/teal/accounts", "{}", teal...).expect(t, http.StatusTeapot)

	h.send("DELETE", "/_fake/faults", "").expect(t, http.StatusNoContent)
	h.send("GET", "/teal/users", "", teal...).expect(t, http.StatusOK)
}

func TestFaultBodyOverridesErrorShape(t *testing.T) {
	h := newHarness(t)
	h.send("POST", "/_fake/faults", `{"api":"b3os","status":502,"body":"<html>Bad Gateway</html>"}`).expect(t, http.StatusCreated)
	resp := h.send("GET", "/b3os/v1/organizations", "").expect(t, http.StatusBadGateway)
	if string(resp.body) != "<html>Bad Gateway</html>" {
		t.Errorf("body = %q", resp.body)
	}
}

// A fault's message takes the API's own error shape (a vendor echoing what it was sent), and its
// headers reach the client on every kind of answer.
func TestFaultMessageAndHeader(t *testing.T) {
	h := newHarness(t)
	h.send("POST", "/_fake/faults", `{"api":"teal","status":400,"message":"bad password hunter2","header":{"Retry-After":"86400","X-Proxy":"p"}}`).expect(t, http.StatusCreated)
	resp := h.send("GET", "/teal/users", "", "X-API-KEY", TealAPIKey).expect(t, http.StatusBadRequest)
	var answer struct{ Errors []string }
	resp.decode(t, &answer)
	if len(answer.Errors) != 1 || answer.Errors[0] != "bad password hunter2" {
		t.Errorf("body = %s, want Teal's errors shape with the message", resp.body)
	}
	if resp.header.Get("Retry-After") != "86400" || resp.header.Get("X-Proxy") != "p" {
		t.Errorf("headers = %v", resp.header)
	}
	h.send("POST", "/_fake/faults", `{"api":"teal","message":"m"}`).expect(t, http.StatusBadRequest)
	h.send("POST", "/_fake/faults", `{"api":"teal","status":500,"message":"m","body":"b"}`).expect(t, http.StatusBadRequest)
}

func TestFaultDropAfterCommitsTheChangeButLosesTheAnswer(t *testing.T) {
	h := newHarness(t)
	token := h.iscToken()
	h.server.AddFault(Fault{API: APIISC, Method: "POST", Path: "/v3/accounts", Drop: "after", Times: 1})

	_, err := h.trySend("POST", "/isc/v3/accounts", flatFileAccount("dropped", "Dropped Answer"), "Authorization", "Bearer "+token)
	if err == nil {
		t.Fatal("the client got an answer; want a connection error")
	}
	if got := h.server.RequestCount(APIISC, "POST", "/v3/accounts"); got != 1 {
		t.Errorf("RequestCount = %d, want 1", got)
	}
	if tasks := h.server.State().ISC.Tasks; len(tasks) != 1 {
		t.Fatalf("tasks = %d, want the dropped request's task", len(tasks))
	}
	h.clock.Advance(150 * time.Millisecond)
	if accounts := h.server.State().ISC.Accounts; len(accounts) != 1 || accounts[0].NativeIdentity != "dropped" {
		t.Errorf("accounts = %+v", accounts)
	}
}

func TestFaultDropBeforeSkipsTheHandler(t *testing.T) {
	h := newHarness(t)
	token := h.iscToken()
	h.server.AddFault(Fault{API: APIISC, Path: "/v3/accounts", Drop: "before", Times: 1})

	if _, err := h.trySend("POST", "/isc/v3/accounts", flatFileAccount("never", "Never"), "Authorization", "Bearer "+token); err == nil {
		t.Fatal("the client got an answer; want a connection error")
	}
	if got := h.server.RequestCount(APIISC, "", ""); got != 1 { // the token request only
		t.Errorf("RequestCount = %d, want 1", got)
	}
	if tasks := h.server.State().ISC.Tasks; len(tasks) != 0 {
		t.Errorf("tasks = %+v", tasks)
	}
}

func TestFaultLatencyDelaysAndIsAbandonedWithTheClient(t *testing.T) {
	h := newHarness(t)
	h.server.AddFault(Fault{API: APITeal, Path: "/users", LatencyMS: 60, Times: 1})
	started := time.Now()
	h.send("GET", "/teal/users", "", "X-API-KEY", TealAPIKey).expect(t, http.StatusOK)
	if elapsed := time.Since(started); elapsed < 60*time.Millisecond {
		t.Errorf("answered after %v, want at least 60ms", elapsed)
	}

	h.server.AddFault(Fault{API: APITeal, Path: "/accounts", LatencyMS: 300})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", h.base+"/teal/accounts", nil)
	resp, err := h.client.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the client's deadline", err)
	}
	time.Sleep(400 * time.Millisecond) // past the latency: a handler still waiting would have run by now
	if got := h.server.RequestCount(APITeal, "GET", "/accounts"); got != 0 {
		t.Errorf("abandoned request was handled: RequestCount = %d", got)
	}
}

func TestFaultFractionAppliesToSomeRequests(t *testing.T) {
	h := newHarness(t)
	h.server.AddFault(Fault{API: APITeal, Status: 503, Fraction: 0.5})
	faulted := 0
	for range 200 {
		if h.send("GET", "/teal/users", "", "X-API-KEY", TealAPIKey).status == http.StatusServiceUnavailable {
			faulted++
		}
	}
	if faulted < 40 || faulted > 160 { // p ≈ 1e-17 for a fair coin
		t.Errorf("%d of 200 requests faulted with fraction 0.5", faulted)
	}
}

func TestInvalidFaultsAndConfigsPanic(t *testing.T) {
	s := New()
	tests := map[string]func(){
		"fault without api":      func() { s.AddFault(Fault{Status: 500}) },
		"negative duration":      func() { s.ConfigureISC(func(c *ISCSettings) { c.TaskDurationMS = -1 }) },
		"task hidden elsewhere":  func() { s.AddFault(Fault{API: APITeal, TaskHidden: true}) },
		"task outcome elsewhere": func() { s.AddFault(Fault{API: APIB3OS, TaskOutcome: "ERROR"}) },
	}
	for name, call := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("did not panic")
				}
			}()
			call()
		})
	}
}

func TestStateIsADeepCopy(t *testing.T) {
	h := newHarness(t)
	h.isc("POST", "/v3/accounts", flatFileAccount("copy", "Copy Me")).expect(t, http.StatusAccepted)
	h.clock.Advance(150 * time.Millisecond)

	state := h.server.State()
	state.ISC.Accounts[0].Attributes["displayName"] = "changed"
	state.ISC.Sources[0].Features[0] = "changed"
	state.Teal.Users[0].Name = "changed"

	again := h.server.State()
	if again.ISC.Accounts[0].Attributes["displayName"] != "Copy Me" || again.ISC.Sources[0].Features[0] == "changed" || again.Teal.Users[0].Name == "changed" {
		t.Errorf("State shares memory with the store: %+v", again)
	}
}

func TestConcurrentRequestsAreSafe(t *testing.T) {
	h := newHarness(t)
	h.server.ConfigureISC(func(c *ISCSettings) { c.RateLimit = 0 })
	token := h.iscToken()
	const workers, perWorker = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				id := fmt.Sprintf("w%d-%d", w, i)
				resp, err := h.trySend("POST", "/isc/v3/accounts", flatFileAccount(id, id), "Authorization", "Bearer "+token)
				if err == nil && resp.status != http.StatusAccepted {
					err = fmt.Errorf("create %s: %d %s", id, resp.status, resp.body)
				}
				if err == nil {
					_, err = h.trySend("GET", "/isc/v3/accounts?filters=sourceId%20eq%20%22"+ISCFlatFileSourceID+"%22", "", "Authorization", "Bearer "+token)
				}
				if err != nil {
					errs <- err
				}
				h.clock.Advance(time.Millisecond)
				_ = h.server.State()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	h.clock.Advance(time.Second)
	if got := len(h.server.State().ISC.Accounts); got != workers*perWorker {
		t.Errorf("accounts = %d, want %d", got, workers*perWorker)
	}
	if got := h.server.RequestCount(APIISC, "POST", "/v3/accounts"); got != workers*perWorker {
		t.Errorf("RequestCount = %d, want %d", got, workers*perWorker)
	}
}
