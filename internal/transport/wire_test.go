package transport

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

var testSettings = Settings{ //nolint:gosec // setting names, not credentials
	Endpoint:    "test.endpoint (TEST_ENDPOINT)",
	TokenURL:    "test.token_url (TEST_TOKEN_URL)",
	Credentials: "test.api_key (TEST_API_KEY)",
}

// recorder is another origin: it records every request it gets, with its credentials.
type recorder struct {
	mu       sync.Mutex
	requests []string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.requests = append(r.requests, req.Header.Get("Authorization")+" "+req.Header.Get("X-Api-Key")+" "+string(body))
	r.mu.Unlock()
	_, _ = w.Write([]byte(`{"access_token":"stolen","token_type":"bearer","expires_in":3600}`))
}

func (r *recorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...)
}

func redirectingTo(target string, status int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+"/elsewhere", status)
	})
}

func TestRedirectsAreNotFollowedSoCredentialsStayAtTheirOrigin(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		other := &recorder{}
		otherServer := httptest.NewServer(other)
		t.Cleanup(otherServer.Close)
		api := httptest.NewServer(redirectingTo(otherServer.URL, status))
		t.Cleanup(api.Close)
		c := newTestClient(t, api.URL, func(cfg *Config) {
			cfg.Credentials = StaticHeaders(http.Header{"X-Api-Key": {"key-that-must-stay"}})
			cfg.Settings = testSettings
		})
		_, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/things", Body: map[string]string{"a": "b"}}, nil)
		if seen := other.seen(); len(seen) != 0 {
			t.Fatalf("%d: the other origin received %q", status, seen)
		}
		if StatusOf(err) != status || !strings.Contains(err.Error(), testSettings.Endpoint) || !strings.Contains(err.Error(), otherServer.URL) {
			t.Fatalf("%d: want the redirect reported with its target and the endpoint setting, got %v", status, err)
		}
	}
}

func TestTheTokenEndpointsRedirectIsNotFollowed(t *testing.T) {
	other := &recorder{}
	otherServer := httptest.NewServer(other)
	t.Cleanup(otherServer.Close)
	token := httptest.NewServer(redirectingTo(otherServer.URL, http.StatusTemporaryRedirect))
	t.Cleanup(token.Close)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{}`)) }))
	t.Cleanup(api.Close)
	c := newTestClient(t, api.URL, func(cfg *Config) {
		cfg.Credentials = ClientCredentials(clientcredentials.Config{ClientID: "id", ClientSecret: "secret-that-must-stay",
			TokenURL: token.URL + "/oauth/token", AuthStyle: oauth2.AuthStyleInHeader})
		cfg.Settings = testSettings
	})
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/things"}, nil)
	if seen := other.seen(); len(seen) != 0 {
		t.Fatalf("the other origin received %q", seen)
	}
	if !TokenFailed(err) || !strings.Contains(err.Error(), testSettings.TokenURL) {
		t.Fatalf("want a token failure naming the token URL setting, got %v", err)
	}
}

// refusingURL is an address where nothing listens.
func refusingURL(t *testing.T) string {
	t.Helper()
	listener, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := listener.Addr().String()
	_ = listener.Close()
	return "http://" + address
}

func TestARefusedConnectionIsNeverSentAndFailsWithinSeconds(t *testing.T) {
	c := newTestClient(t, refusingURL(t), func(cfg *Config) {
		cfg.Settings = testSettings
		cfg.MaxRetries = 5
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Second, 30*time.Second // the provider's defaults
	})
	started := time.Now()
	_, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/things", Body: map[string]string{}}, nil)
	elapsed := time.Since(started)
	var wire *WireError
	if !errors.As(err, &wire) || !NeverSent(err) || wire.Attempts < 2 {
		t.Fatalf("want a never-sent wire error after several attempts, got %#v", err)
	}
	for _, named := range []string{testSettings.Endpoint, "request_timeout", "max_retries", "nothing was done"} {
		if !strings.Contains(err.Error(), named) {
			t.Errorf("the error does not say %q: %v", named, err)
		}
	}
	if elapsed > unreachableBudget+dialTimeout {
		t.Errorf("an unreachable API held the request %s", elapsed)
	}
}

func TestASilentServerFailsAReadAfterTwoAttempts(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	arrivals := 0
	silent := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals++
		mu.Unlock()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); silent.Close() })
	c := newTestClient(t, silent.URL, func(cfg *Config) {
		cfg.Settings = testSettings
		cfg.RequestTimeout = 200 * time.Millisecond
		cfg.MaxRetries = 5
	})
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/things"}, nil)
	var wire *WireError
	if !errors.As(err, &wire) || !wire.TimedOut || wire.NeverSent || !strings.Contains(err.Error(), "request_timeout") {
		t.Fatalf("want a timed-out wire error naming request_timeout, got %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if arrivals != maxTimeouts {
		t.Errorf("a silent server got %d attempts, want %d", arrivals, maxTimeouts)
	}
}

func TestARetryAfterBeyondTheCapFailsAtOnceSayingWhatTheAPIAsked(t *testing.T) {
	server := &scripted{statuses: []int{http.StatusTooManyRequests}, retryAfter: "86400"}
	api := httptest.NewServer(server)
	t.Cleanup(api.Close)
	c := newTestClient(t, api.URL, nil)
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/things"}, nil) // no deadline, as a refresh had
	if StatusOf(err) != http.StatusTooManyRequests || !strings.Contains(err.Error(), "retry after 24h0m0s") {
		t.Fatalf("want the 429 with the wait the API asked, got %v", err)
	}
	if server.count() != 1 {
		t.Errorf("%d attempts, want 1", server.count())
	}
}

// notFoundAPI answers a 404 in the shape chosen, and its probe with probeStatus.
func notFoundAPI(t *testing.T, body string, probeStatus int) string {
	t.Helper()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/things" {
			w.WriteHeader(probeStatus)
			_, _ = w.Write([]byte(`[]`))
			return
		}
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(api.Close)
	return api.URL
}

func TestOnlyAConfirmedAPIsOwnNotFoundSaysAnObjectIsGone(t *testing.T) {
	vendor := `{"vendor":"not found"}`
	for _, tc := range []struct {
		name, body  string
		probeStatus int
		gone        bool
	}{
		{"the API's own 404", vendor, http.StatusOK, true},
		{"a proxy's page", "<html>404 Not Found</html>", http.StatusOK, false},
		{"a plain 404 of a mistyped endpoint", "404 page not found", http.StatusOK, false},
		{"the API's shape where the probe fails", vendor, http.StatusNotFound, false},
	} {
		c := newTestClient(t, notFoundAPI(t, tc.body, tc.probeStatus), func(cfg *Config) {
			cfg.Settings = testSettings
			cfg.NotFound = func(body []byte) bool { return strings.Contains(string(body), `"vendor"`) }
			cfg.Probe = &Probe{Request: Request{Method: http.MethodGet, Path: "/things"}, Valid: JSONArray}
		})
		_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/things", Segments: []string{"x"}}, nil)
		if gone := errors.Is(err, ErrNotFound); gone != tc.gone {
			t.Errorf("%s: gone = %v, want %v (%v)", tc.name, gone, tc.gone, err)
		}
		if !tc.gone && !strings.Contains(err.Error(), testSettings.Endpoint) {
			t.Errorf("%s: the error does not name the endpoint setting: %v", tc.name, err)
		}
	}
}

func TestSegmentsAreEscapedOnceAndDotSegmentsAreRefused(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.EscapedPath())
		mu.Unlock()
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(api.Close)
	c := newTestClient(t, api.URL+"/base", nil)
	if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/things", Segments: []string{"a b/c", "mfa"}}, nil); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", ".", ".."} {
		if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/things", Segments: []string{bad}}, nil); err == nil {
			t.Errorf("segment %q was sent", bad)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(paths) != 1 || paths[0] != "/base/things/a%20b%2Fc/mfa" {
		t.Fatalf("the server saw %q", paths)
	}
}

func TestBaseURLsThatCannotBeTheAPIAreRefused(t *testing.T) {
	for raw, allowHTTP := range map[string]bool{
		"https://user:hunter2@api.example.com": false,
		"https://api.example.com?tenant=acme":  false,
		"https://api.example.com#v3":           false,
		"http://api.example.com":               false,
		"api.example.com":                      false,
		"ftp://api.example.com":                false,
	} {
		_, err := ParseBaseURL(raw, allowHTTP)
		if err == nil {
			t.Errorf("%s was accepted", raw)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
	for raw, allowHTTP := range map[string]bool{
		"http://127.0.0.1:8080/isc":  false,
		"http://localhost:1/x":       false,
		"http://[::1]:1":             false,
		"http://api.internal:8080":   true,
		"https://api.example.com/v3": false,
	} {
		if _, err := ParseBaseURL(raw, allowHTTP); err != nil {
			t.Errorf("%s was refused: %v", raw, err)
		}
	}
}

func TestAuthenticationFailuresNameTheCredentialSettings(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		server := &scripted{statuses: []int{status}}
		api := httptest.NewServer(server)
		t.Cleanup(api.Close)
		c := newTestClient(t, api.URL, func(cfg *Config) { cfg.Settings = testSettings })
		_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/things"}, nil)
		if StatusOf(err) != status || !strings.Contains(err.Error(), testSettings.Credentials) {
			t.Errorf("%d: want the credential settings named, got %v", status, err)
		}
	}
}

func TestControlCharactersOfVendorTextAreStripped(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte("{\"message\":\"bad\\u001b[31m red\\u0007 line\\none\\tcol\"}"))
	}))
	t.Cleanup(server.Close)
	c := newTestClient(t, server.URL, nil)
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/things"}, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Message != "bad[31m red line\none\tcol" {
		t.Fatalf("got %q", apiErr.Message)
	}
}
