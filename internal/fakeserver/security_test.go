package fakeserver

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// guardedRoutes names one credential-guarded route of each API and the credential it accepts.
func guardedRoutes(h *harness) []struct{ api, path, header, good string } {
	return []struct{ api, path, header, good string }{
		{APIISC, "/isc/v3/accounts", "Authorization", "Bearer " + h.iscToken()},
		{APIPoozle, "/poozle/v1/integration_definition?workspaceId=" + PoozleWorkspaceID, "Authorization", "Bearer " + PoozleToken},
		{APIB3OS, "/b3os/v1/service-accounts", "Authorization", "Bearer " + B3OSAPIKey},
		{APITeal, "/teal/accounts", "X-API-KEY", TealAPIKey},
	}
}

// Each API accepts its documented development credential and nothing else: not another API's
// credential, not a near miss, not none.
func TestOnlyDevelopmentCredentialsAreAccepted(t *testing.T) {
	h := newHarness(t)
	routes := guardedRoutes(h)
	for _, route := range routes {
		t.Run(route.api, func(t *testing.T) {
			h.send(http.MethodGet, route.path, "", route.header, route.good).expect(t, http.StatusOK)
			bad := []string{"", "Bearer", "Bearer ", route.good + "x", strings.ToUpper(route.good)}
			if bare := strings.TrimPrefix(route.good, "Bearer "); bare != route.good {
				bad = append(bad, bare)
			}
			for _, other := range routes {
				if other.api != route.api {
					bad = append(bad, other.good)
				}
			}
			for _, value := range bad {
				status := h.send(http.MethodGet, route.path, "", route.header, value).status
				if status != http.StatusUnauthorized && status != http.StatusForbidden {
					t.Errorf("%s %q: status %d, want 401 or 403", route.header, value, status)
				}
			}
		})
	}
}

// The ISC token endpoint issues tokens for the documented client pairs only.
func TestISCTokenEndpointRefusesOtherClients(t *testing.T) {
	h := newHarness(t)
	for _, pair := range [][2]string{
		{ISCClientID, ISCAPIClientSecret}, {ISCAPIClientID, ISCClientSecret}, {ISCClientID, ""}, {"", ""},
		{ISCClientID, ISCClientSecret + " "}, {strings.ToUpper(ISCClientID), ISCClientSecret}, {PoozleToken, TealAPIKey},
	} {
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {pair[0]}, "client_secret": {pair[1]}}.Encode()
		h.send(http.MethodPost, "/isc"+iscTokenPath, form, "Content-Type", formContentType).expect(t, http.StatusUnauthorized)
	}
}

// A request body over the bound is refused on every API and admin endpoint, without storing
// anything, and the server keeps serving.
func TestRequestBodiesAreBounded(t *testing.T) {
	h := newHarness(t)
	huge := `{"name":"` + strings.Repeat("a", maxBodyBytes) + `"}`
	paths := []string{"/_fake/faults", "/_fake/config"}
	for _, route := range guardedRoutes(h) {
		paths = append(paths, route.path, "/"+route.api+"/v1/anything")
	}
	before := h.server.State()
	for _, path := range paths {
		status := h.send(http.MethodPost, path, huge).status
		if status < 400 || status > 499 {
			t.Errorf("POST %s with %d bytes: status %d", path, len(huge), status)
		}
	}
	if after := h.server.State(); mustJSON(t, before) != mustJSON(t, after) {
		t.Error("an oversized request changed the stored state")
	}
	h.send(http.MethodGet, "/_fake/state", "").expect(t, http.StatusOK)
}

// FuzzRequests sends any method, path and body, with valid credentials, to any API: the fake
// never panics and never answers 500 (its own failure), so malformed requests get the vendor's
// 4xx. Admin endpoints are left out: a valid fault rule would make every later answer an
// injected one.
func FuzzRequests(f *testing.F) {
	f.Add(uint8(0), "POST", "v3/accounts", []byte(`{"attributes":{"sourceId":"`+ISCFlatFileSourceID+`","id":"u1"}}`))
	f.Add(uint8(0), "PUT", "v3/accounts/x", []byte(`{"attributes":null}`))
	f.Add(uint8(0), "POST", "oauth/token", []byte(`grant_type=client_credentials&client_id=%zz`))
	f.Add(uint8(1), "POST", "v1/integration_account", []byte(`{"name":7,"config":[]}`))
	f.Add(uint8(2), "POST", "v1/service-accounts", []byte(`{"name":"`+strings.Repeat("x", 300)+`"}`))
	f.Add(uint8(2), "PATCH", "v1/service-accounts/%2e%2e", []byte(`{"disabled":"yes"}`))
	f.Add(uint8(3), "POST", "users", []byte(`{"email":null}`))
	f.Add(uint8(3), "PUT", "accounts/1/mfa", []byte(`{`))
	f.Add(uint8(3), "GET", "accounts?limit=-1&offset=abc", []byte(nil))
	server := New()
	token := issueISCToken(f, server)
	credentials := map[string][2]string{
		APIISC:    {"Authorization", "Bearer " + token},
		APIPoozle: {"Authorization", "Bearer " + PoozleToken},
		APIB3OS:   {"Authorization", "Bearer " + B3OSAPIKey},
		APITeal:   {"X-API-KEY", TealAPIKey},
	}
	f.Fuzz(func(t *testing.T, apiIndex uint8, method, path string, body []byte) {
		api := apiNames()[int(apiIndex)%len(apiNames())]
		target, err := url.Parse("/" + api + "/" + path)
		if err != nil {
			return // not a request a client could send
		}
		r := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/", nil)
		r.Method, r.URL, r.RequestURI = method, target, target.RequestURI()
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set(credentials[api][0], credentials[api][1])
		w := httptest.NewRecorder()
		server.ServeHTTP(w, r)
		if w.Code == http.StatusInternalServerError {
			t.Fatalf("%s %s: 500 %s", method, target, w.Body)
		}
	})
}

func issueISCToken(tb testing.TB, server *Server) string {
	tb.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {ISCClientID}, "client_secret": {ISCClientSecret}}.Encode()
	r := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/isc"+iscTokenPath, strings.NewReader(form))
	r.Header.Set("Content-Type", formContentType)
	w := httptest.NewRecorder()
	server.ServeHTTP(w, r)
	var answer struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil || answer.AccessToken == "" {
		tb.Fatalf("token: %d %s", w.Code, w.Body)
	}
	return answer.AccessToken
}

// The admin endpoints change and reveal everything, unauthenticated: a web page in a browser on
// the same machine must not reach them. A page can send a text/plain or form POST without a
// preflight, and DNS rebinding lets one reach loopback under its own host name, so only loopback
// Host values and JSON bodies are served; the rest is refused with a JSON error.
func TestAdminEndpointsRefuseWebPages(t *testing.T) {
	h := newHarness(t)
	h.server.ConfigureISC(func(s *ISCSettings) { s.RateLimit = 7 }) // a reset that got through would undo it
	for _, c := range []struct {
		name, method, path, body string
		headers                  []string
		want                     int
	}{
		{"text/plain reset", http.MethodPost, "/_fake/reset", "x", []string{"Content-Type", "text/plain"}, http.StatusUnsupportedMediaType},
		{"form reset", http.MethodPost, "/_fake/reset", "a=b", []string{"Content-Type", formContentType}, http.StatusUnsupportedMediaType},
		{"text/plain fault", http.MethodPost, "/_fake/faults", `{"api":"isc","status":500}`, []string{"Content-Type", "text/plain"}, http.StatusUnsupportedMediaType},
		{"bodiless reset without JSON", http.MethodPost, "/_fake/reset", "", nil, http.StatusUnsupportedMediaType},
		{"rebound host state", http.MethodGet, "/_fake/state", "", []string{"Host", "evil.example"}, http.StatusForbidden},
		{"rebound host reset", http.MethodPost, "/_fake/reset", "{}", []string{"Host", "evil.example:80"}, http.StatusForbidden},
		{"loopback look-alike", http.MethodGet, "/_fake/config", "", []string{"Host", "127.0.0.1.evil.example"}, http.StatusForbidden},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := h.send(c.method, c.path, c.body, c.headers...).expect(t, c.want)
			var answer struct{ Error string }
			if err := json.Unmarshal(resp.body, &answer); err != nil || answer.Error == "" {
				t.Errorf("body %q, want a JSON error", resp.body)
			}
		})
	}
	if got, _ := h.server.effectiveSettings()[APIISC].(ISCSettings); got.RateLimit != 7 {
		t.Errorf("after the refused requests the ISC rate limit is %d, want 7: a reset got through", got.RateLimit)
	}
	for _, host := range []string{"localhost", "LOCALHOST:1234", "127.0.0.1:9", "[::1]:8080", "[::1]"} {
		h.send(http.MethodGet, "/_fake/state", "", "Host", host).expect(t, http.StatusOK)
	}
	h.send(http.MethodPost, "/_fake/reset", "", "Content-Type", "application/json").expect(t, http.StatusNoContent)
	h.send(http.MethodPost, "/_fake/config", `{"isc":{"rate_limit":7}}`, "Content-Type", "application/json; charset=utf-8").expect(t, http.StatusOK)
}
