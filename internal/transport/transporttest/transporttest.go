// Package transporttest holds what the fuzz targets of the API clients share: a server that
// answers whatever a fuzz input holds, and the checks every decoded answer must pass.
package transporttest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// MaxErrorLength bounds an error's text: the call, the status, a vendor message cut at 2000 bytes
// and a request id.
const MaxErrorLength = 2600

// Server answers every API request with the status and body last set, and a token request (any
// path ending in /oauth/token) with a valid bearer token, so clients behind OAuth reach the
// answer under test.
type Server struct {
	URL    string
	mu     sync.Mutex
	status int
	body   []byte
}

// NewServer starts a server that lives as long as tb.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{status: http.StatusOK}
	httpServer := httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(httpServer.Close)
	s.URL = httpServer.URL
	return s
}

// Answer sets what the next requests get.
func (s *Server) Answer(status int, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.body = status, body
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/oauth/token") {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"fuzz-token","token_type":"bearer","expires_in":3600}`))
		return
	}
	s.mu.Lock()
	status, body := s.status, s.body
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Status maps any fuzzed integer onto a final HTTP status, 200 to 599.
func Status(n int) int {
	return 200 + int(uint(n)%400)
}

// Config is the shared transport configuration for a client under fuzzing: no retries, so each
// input costs one request.
func Config() transport.Config {
	return transport.Config{UserAgent: "fuzz", MaxRetries: 0}
}

// DecodeMessage is a plain error decoder: {"message": ..., "requestId": ...}.
func DecodeMessage(body []byte) (message, requestID string) {
	var e struct {
		Message   string `json:"message"`
		RequestID string `json:"requestId"`
	}
	_ = json.Unmarshal(body, &e)
	return e.Message, e.RequestID
}

// FuzzCalls answers one of an API client's calls with any status and body: the call never
// panics, and ends as CheckResult demands. A call gets two seconds, so a client paging forever
// through a server that always says there is more ends with the context's error. The committed
// corpus in the package's testdata/fuzz/FuzzResponses runs with every go test.
func FuzzCalls(f *testing.F, server *Server, calls ...func(ctx context.Context) error) {
	f.Fuzz(func(t *testing.T, call uint8, rawStatus int, body []byte) {
		status := Status(rawStatus)
		server.Answer(status, body)
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		i := int(call) % len(calls)
		t.Logf("call %d answered %d", i, status)
		CheckResult(t, status, calls[i](ctx))
	})
}

// CheckResult fails t unless a call answered with status ended as the decoders promise: any error
// is valid UTF-8 (Terraform's protocol refuses anything else) and bounded, and a non-2xx answer is
// an error carrying the status as an *transport.APIError and naming it.
func CheckResult(t *testing.T, status int, err error) {
	t.Helper()
	success := status >= 200 && status <= 299
	if err == nil {
		if !success {
			t.Fatalf("status %d: no error", status)
		}
		return
	}
	CheckText(t, err.Error())
	if success {
		return
	}
	if transport.StatusOf(err) != status || !strings.Contains(err.Error(), strconv.Itoa(status)) {
		t.Fatalf("status %d: error %q does not carry the status", status, err)
	}
}

// FuzzDecoder feeds any body to an API's error decoder: it never panics and extracts valid UTF-8
// (the transport bounds the length). The committed corpus in the package's
// testdata/fuzz/FuzzDecodeError runs with every go test, beside the seeds given here.
func FuzzDecoder(f *testing.F, decode transport.ErrorDecoder, seeds ...string) {
	for _, seed := range seeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		message, requestID := decode(body)
		if !utf8.ValidString(message) || !utf8.ValidString(requestID) {
			t.Fatalf("decoded text is not valid UTF-8: %q, %q", message, requestID)
		}
	})
}

// CheckText fails t unless text fits a diagnostic: valid UTF-8 and bounded.
func CheckText(t *testing.T, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Fatalf("text is not valid UTF-8: %q", text)
	}
	if len(text) > MaxErrorLength {
		t.Fatalf("text is %d bytes, over %d", len(text), MaxErrorLength)
	}
}
