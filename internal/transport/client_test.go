package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"golang.org/x/oauth2/clientcredentials"
)

func newTestClient(t *testing.T, url string, tweak func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		API:              "test",
		BaseURL:          url,
		UserAgent:        "terraform-provider-accounts/test",
		MaxRetries:       3,
		RetryWaitMin:     10 * time.Millisecond,
		RetryWaitMax:     50 * time.Millisecond,
		RequestTimeout:   5 * time.Second,
		RequestIDHeaders: []string{"X-Request-Id"},
		DecodeError: func(body []byte) (string, string) {
			var e struct {
				Message   string `json:"message"`
				RequestID string `json:"requestId"`
			}
			_ = json.Unmarshal(body, &e)
			return e.Message, e.RequestID
		},
	}
	if tweak != nil {
		tweak(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// scripted answers each request with the next status of a script (the last one repeats) and
// records when each request arrived.
type scripted struct {
	mu         sync.Mutex
	statuses   []int
	retryAfter string
	arrivals   []time.Time
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	n := len(s.arrivals)
	s.arrivals = append(s.arrivals, time.Now())
	status := s.statuses[min(n, len(s.statuses)-1)]
	s.mu.Unlock()
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", s.retryAfter)
	}
	w.Header().Set("X-Request-Id", "req-header-1")
	w.WriteHeader(status)
	if status >= 400 {
		_, _ = w.Write([]byte(`{"message":"vendor says no"}`))
		return
	}
	_, _ = w.Write([]byte(`{"ok":true}`))
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.arrivals)
}

func TestRetryAfterIsHonouredOn429(t *testing.T) {
	srv := &scripted{statuses: []int{429, 200}, retryAfter: "1"}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	var out struct{ OK bool }
	if _, err := newTestClient(t, ts.URL, nil).Do(context.Background(), Request{Method: http.MethodPost, Path: "/things", Body: map[string]string{"a": "b"}}, &out); err != nil {
		t.Fatal(err)
	}
	if !out.OK || srv.count() != 2 {
		t.Fatalf("got ok=%v after %d requests, want ok after 2", out.OK, srv.count())
	}
	// The backoff bounds are 10-50 ms: only Retry-After explains a one-second gap.
	if gap := srv.arrivals[1].Sub(srv.arrivals[0]); gap < 900*time.Millisecond {
		t.Fatalf("retried after %v, want Retry-After's 1s", gap)
	}
}

func TestRetryAfterBeyondDeadlineReturnsTheRateLimitError(t *testing.T) {
	srv := &scripted{statuses: []int{429}, retryAfter: "30"}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := newTestClient(t, ts.URL, nil).Do(ctx, Request{Method: http.MethodGet, Path: "/things"}, nil)
	if StatusOf(err) != http.StatusTooManyRequests || !strings.Contains(err.Error(), "vendor says no") {
		t.Fatalf("got %v, want the 429 with the vendor's message", err)
	}
	if srv.count() != 1 {
		t.Fatalf("sent %d requests, want 1", srv.count())
	}
}

func TestPostIsNotReplayedAfterServerError(t *testing.T) {
	srv := &scripted{statuses: []int{500, 200}}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	_, err := newTestClient(t, ts.URL, nil).Do(context.Background(), Request{Method: http.MethodPost, Path: "/things", Body: map[string]int{"n": 1}}, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 500 || apiErr.Message != "vendor says no" || apiErr.RequestID != "req-header-1" {
		t.Fatalf("got %#v, want a 500 APIError with message and request id", err)
	}
	if srv.count() != 1 {
		t.Fatalf("POST sent %d times, want once", srv.count())
	}
}

func TestPostIsNotReplayedAfterConnectionDroppedOnceCommitted(t *testing.T) {
	var committed atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		committed.Add(1)
		hijacker, ok := w.(http.Hijacker)
		if !ok {
			t.Error("the test server cannot hijack connections")
			return
		}
		conn, _, err := hijacker.Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_ = conn.Close()
	}))
	defer ts.Close()

	_, err := newTestClient(t, ts.URL, nil).Do(context.Background(), Request{Method: http.MethodPost, Path: "/things", Body: map[string]int{"n": 1}}, nil)
	if err == nil {
		t.Fatal("want an error for a dropped connection")
	}
	if committed.Load() != 1 {
		t.Fatalf("POST reached the server %d times, want once", committed.Load())
	}
}

func TestGetIsRetriedAfter503And5xx(t *testing.T) {
	srv := &scripted{statuses: []int{503, 502, 200}, retryAfter: "0"}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	if _, err := newTestClient(t, ts.URL, nil).Do(context.Background(), Request{Method: http.MethodGet, Path: "/things"}, nil); err != nil {
		t.Fatal(err)
	}
	if srv.count() != 3 {
		t.Fatalf("sent %d requests, want 3", srv.count())
	}
}

func TestPostIsRetriedWhenTheConnectionWasNeverMade(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	url := ts.URL
	ts.Close() // nothing listens any more: every dial fails

	policyCalls := 0
	c := newTestClient(t, url, nil)
	c.retrying.CheckRetry = func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		policyCalls++
		return retryPolicy(ctx, resp, err)
	}
	if _, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/things", Body: 1}, nil); err == nil {
		t.Fatal("want an error")
	}
	if policyCalls != 4 {
		t.Fatalf("attempted %d times, want 1 + 3 retries", policyCalls)
	}
}

// The limiter's budget is the limit less the margin in every window, whenever tokens are asked
// for: checked on an explicit clock, so the test is exact.
func TestLimiterBudgetIsTheLimitLessTheMargin(t *testing.T) {
	const limit, window = 10, 500 * time.Millisecond
	budget := int(limit * (1 - RateMargin))
	limiter := newLimiter(limit, window)
	start := time.Now()
	var granted []time.Time
	for at := start; at.Before(start.Add(5 * time.Second)); at = at.Add(time.Millisecond) {
		if limiter.AllowN(at, 1) {
			granted = append(granted, at)
		}
	}
	// At most the budget; and no more than one under it, or the limiter wastes the API's capacity.
	if got := maxInWindow(granted, window); got > budget || got < budget-1 {
		t.Fatalf("the limiter granted %d requests within %v, want its budget %d (limit %d less the margin)", got, window, budget, limit)
	}
}

// A wave of Terraform's default ten parallel ISC creates, with the lookup before and the one
// after that they share, leaves at once under SailPoint's default limit: a request held back
// splits the wave's batches for the rest of the apply.
func TestAWaveOfParallelCreatesLeavesTogether(t *testing.T) {
	const parallelism, sharedLookups = 10, 2
	limiter := newLimiter(100, 10*time.Second)
	if now := time.Now(); !limiter.AllowN(now, parallelism+sharedLookups) {
		t.Fatalf("a burst of %d holds back part of a wave of %d requests", limiter.Burst(), parallelism+sharedLookups)
	}
}

// End to end, every request waits for the limiter, so the server cannot see the n-th request
// before the limiter's bucket holds n tokens. Load only delays requests, so the bound is exact
// however busy the machine is; the budget itself is checked on an explicit clock above.
func TestEveryRequestWaitsForTheLimiter(t *testing.T) {
	const limit, window, requests = 10, time.Second, 6
	srv := &scripted{statuses: []int{200}}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := newTestClient(t, ts.URL, func(cfg *Config) { cfg.RateLimit, cfg.RateWindow = limit, window })
	bucket := newLimiter(limit, window)

	start := time.Now()
	var wg sync.WaitGroup
	for range requests {
		wg.Go(func() {
			if _, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/things"}, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	if srv.count() != requests {
		t.Fatalf("server saw %d requests, want %d", srv.count(), requests)
	}
	for n, arrived := range srv.arrivals {
		tokensNeeded := float64(n + 1 - bucket.Burst())
		earliest := time.Duration(tokensNeeded / float64(bucket.Limit()) * float64(time.Second))
		if got := arrived.Sub(start); got < earliest-time.Millisecond {
			t.Errorf("request %d arrived %v after the start; the limiter allows it only after %v", n+1, got, earliest)
		}
	}
}

func maxInWindow(times []time.Time, window time.Duration) int {
	best := 0
	for i, start := range times {
		n := 0
		for _, t := range times[i:] {
			if t.Sub(start) < window {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

func TestTokenIsSharedAndRefreshedOnceAfter401(t *testing.T) {
	var tokensIssued, apiCalls atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		n := tokensIssued.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"tok-` + fmt.Sprint(n) + `","token_type":"bearer","expires_in":749}`))
	})
	mux.HandleFunc("/api", func(w http.ResponseWriter, r *http.Request) {
		apiCalls.Add(1)
		if r.Header.Get("Authorization") == "Bearer tok-1" && apiCalls.Load() == 3 {
			w.WriteHeader(http.StatusUnauthorized) // revoked early, before its expiry
			_, _ = w.Write([]byte(`{"error":"JWT validation failed: JWT is expired"}`))
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	c := newTestClient(t, ts.URL, func(cfg *Config) {
		cfg.Credentials = ClientCredentials(clientcredentials.Config{ClientID: "id", ClientSecret: "secret", TokenURL: ts.URL + "/oauth/token"})
	})

	for range 4 {
		if _, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/api", Body: 1}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if tokensIssued.Load() != 2 || apiCalls.Load() != 5 {
		t.Fatalf("issued %d tokens for %d API calls, want 2 tokens and 5 calls (4 + one retry after the 401)", tokensIssued.Load(), apiCalls.Load())
	}
}

func TestSecretsNeverReachTheLogs(t *testing.T) {
	const apiKey, clientSecret, password, mfa, configValue = "key-ABC123", "secret-XYZ789", "hunter2-pw", "864209", "ghp_configtoken"
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"access-TOKEN-555","token_type":"bearer","expires_in":749}`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Request-Id", "req-777")
		_, _ = w.Write([]byte(`{"config":{"api_key":"` + configValue + `"},"password":"` + password + `","status":"ok"}`))
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	withKey := newTestClient(t, ts.URL, func(cfg *Config) {
		cfg.Credentials = StaticHeaders(http.Header{"X-Api-Key": {apiKey}})
		cfg.Secrets = []string{apiKey}
	})
	withToken := newTestClient(t, ts.URL, func(cfg *Config) {
		cfg.Credentials = ClientCredentials(clientcredentials.Config{ClientID: "id", ClientSecret: clientSecret, TokenURL: ts.URL + "/oauth/token", AuthStyle: 1})
		cfg.Secrets = []string{clientSecret}
	})
	// Each client also sends its own secret in a field no redaction rule knows: masking catches it.
	for c, ownSecret := range map[*Client]string{withKey: apiKey, withToken: clientSecret} {
		body := map[string]any{"password": password, "mfa": mfa, "config": map[string]string{"token": configValue}, "note": "was " + ownSecret, "user_name": "jdoe"}
		if _, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/accounts", Body: body}, nil); err != nil {
			t.Fatal(err)
		}
	}

	text := logs.String()
	for _, secret := range []string{apiKey, clientSecret, password, mfa, configValue, "access-TOKEN-555"} {
		if strings.Contains(text, secret) {
			t.Errorf("secret %q appears in the logs", secret)
		}
	}
	for _, want := range []string{`"http_method":"POST"`, `"http_status":200`, `"http_request_id":"req-777"`, "jdoe", "http_duration_ms"} {
		if !strings.Contains(text, want) {
			t.Errorf("logs lack %s", want)
		}
	}
}

// Bodies are redacted and logged only where the provider's level lets TRACE through: at DEBUG
// the request line is logged and the body, which costs a JSON round trip, is not built.
func TestBodiesAreLoggedOnlyAtTrace(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"status":"answered-body"}`))
	}))
	defer ts.Close()
	for level, wantBodies := range map[string]bool{"": true, "TRACE": true, "DEBUG": false, "OFF": false} {
		t.Setenv(LogLevelEnv, level)
		var logs bytes.Buffer
		ctx := tflogtest.RootLogger(context.Background(), &logs)
		c := newTestClient(t, ts.URL, nil)
		if _, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/things", Body: map[string]string{"name": "sent-body"}}, nil); err != nil {
			t.Fatal(err)
		}
		text := logs.String()
		if !strings.Contains(text, "received response") {
			t.Errorf("level %q: the request line is missing from the logs", level)
		}
		for _, body := range []string{"sent-body", "answered-body"} {
			if strings.Contains(text, body) != wantBodies {
				t.Errorf("level %q: body %s logged = %v, want %v", level, body, !wantBodies, wantBodies)
			}
		}
	}
}

func TestUnknownBaseURLIsRejected(t *testing.T) {
	if _, err := New(Config{API: "test", BaseURL: "not a url"}); err == nil {
		t.Fatal("want an error for a relative base URL")
	}
}

// A token endpoint that refuses the credentials is asked once per call, not retried with
// backoff: revoked credentials fail an apply at once.
func TestRefusedCredentialsAreNotRetried(t *testing.T) {
	var tokenRequests atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		tokenRequests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"Bad credentials"}`))
	}))
	defer ts.Close()
	c := newTestClient(t, ts.URL, func(cfg *Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Second, time.Second
		cfg.Credentials = ClientCredentials(clientcredentials.Config{ClientID: "id", ClientSecret: "secret", TokenURL: ts.URL + "/oauth/token"})
	})
	started := time.Now()
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/api"}, nil)
	if StatusOf(err) != http.StatusUnauthorized || !strings.Contains(err.Error(), "Bad credentials") {
		t.Fatalf("error = %v, want the token endpoint's 401", err)
	}
	// Two: golang.org/x/oauth2 tries the credentials in a header, then in the form.
	if n := tokenRequests.Load(); n > 2 || time.Since(started) > 900*time.Millisecond {
		t.Fatalf("%d token requests in %s, want at most 2 and no backoff", n, time.Since(started))
	}
}

func TestAnUpdateThatCarriesTheWholeStateIsRetriedWhateverItsMethod(t *testing.T) {
	for _, tc := range []struct {
		request Request
		sent    int
	}{
		{Request{Method: http.MethodPatch, Path: "/things/1", Body: map[string]int{"n": 1}, Idempotent: true}, 2},
		{Request{Method: http.MethodPost, Path: "/things/1", Body: map[string]int{"n": 1}, Idempotent: true}, 2},
		{Request{Method: http.MethodPatch, Path: "/things/1", Body: map[string]int{"n": 1}}, 1},
	} {
		srv := &scripted{statuses: []int{502, 200}}
		ts := httptest.NewServer(srv)
		_, _ = newTestClient(t, ts.URL, nil).Do(context.Background(), tc.request, nil)
		ts.Close()
		if srv.count() != tc.sent {
			t.Errorf("%s idempotent=%v sent %d times, want %d", tc.request.Method, tc.request.Idempotent, srv.count(), tc.sent)
		}
	}
}
