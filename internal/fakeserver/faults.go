package fakeserver

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Fault makes matching API requests misbehave. A fault whose Status is 0 and Drop is empty only
// adds latency, a Retry-After header or an API-specific effect (the ISC task fields below).
type Fault struct {
	API        string `json:"api"`         // the name of an API the server serves (APIs)
	Method     string `json:"method"`      // empty matches any method
	Path       string `json:"path"`        // path prefix within the API, e.g. "/v3/accounts"; empty matches all
	Status     int    `json:"status"`      // answer this status in the API's own error shape (message "injected fault")
	Message    string `json:"message"`     // the message of the API's own error shape, instead of "injected fault"
	Body       string `json:"body"`        // raw body replacing the default error body
	RetryAfter int    `json:"retry_after"` // seconds, sent as Retry-After
	// Echo quotes, after Message, what the request carried: its credential headers and its body,
	// as a careless or hostile server would (no vendor documents it; it tests the provider's masks).
	Echo bool `json:"echo"`
	// Header is added to the answer, whatever it is: a proxy's or gateway's headers.
	Header       map[string]string `json:"header"`
	LatencyMS    int               `json:"latency_ms"`    // delay before handling; abandoned if the client goes away
	Drop         string            `json:"drop"`          // "before": close without handling; "after": handle (commit), then close without answering
	Times        int               `json:"times"`         // apply to the first N matching requests; 0 = unlimited
	Fraction     float64           `json:"fraction"`      // 0 or 1 = every match; otherwise the probability of applying
	TaskOutcome  string            `json:"task_outcome"`  // ISC only: completionStatus of tasks the matched requests create
	TaskMessages []string          `json:"task_messages"` // ISC only: the messages of that outcome
	TaskHidden   bool              `json:"task_hidden"`   // ISC only: tasks the matched requests create never show in task-status reads
}

const (
	dropBefore = "before"
	dropAfter  = "after"
)

// faultChecks validate the API-specific Fault fields; each API appends its own at init, so the
// generic checks below need not know them.
var faultChecks []func(Fault) error

func (f Fault) validate() error {
	switch {
	case !slices.Contains(apiNames(), f.API):
		return fmt.Errorf("api must be one of %s", strings.Join(apiNames(), ", "))
	case f.Drop != "" && f.Drop != dropBefore && f.Drop != dropAfter:
		return errors.New(`drop must be "", "before" or "after"`)
	case f.Drop != "" && f.Status != 0:
		return errors.New("status and drop exclude each other")
	case f.Status != 0 && (f.Status < 200 || f.Status > 599):
		return errors.New("status must be between 200 and 599")
	case f.Times < 0 || f.LatencyMS < 0 || f.RetryAfter < 0:
		return errors.New("times, latency_ms and retry_after must not be negative")
	case f.Message != "" && f.Body != "":
		return errors.New("message and body exclude each other")
	case f.Message != "" && f.Status == 0:
		return errors.New("message needs status")
	case f.Fraction < 0 || f.Fraction > 1:
		return errors.New("fraction must be between 0 and 1")
	}
	for _, check := range faultChecks {
		if err := check(f); err != nil {
			return err
		}
	}
	return nil
}

type faultRule struct {
	id      string
	fault   Fault
	applied int
}

// applies reports whether the rule takes this request; the random draw comes last so that only
// otherwise matching requests consume it.
func (rule *faultRule) applies(apiName string, r *http.Request) bool {
	f := rule.fault
	return f.API == apiName &&
		(f.Method == "" || strings.EqualFold(f.Method, r.Method)) &&
		strings.HasPrefix(r.URL.Path, f.Path) &&
		(f.Times == 0 || rule.applied < f.Times) &&
		(f.Fraction == 0 || f.Fraction == 1 || rand.Float64() < f.Fraction)
}

// AddFault installs f after the existing rules and returns its id. It panics on an invalid
// fault, as that is a bug in the calling test; the admin endpoint answers 400 instead.
func (s *Server) AddFault(f Fault) string {
	mustBeValid(f.validate())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultSeq++
	rule := &faultRule{id: "fault-" + strconv.Itoa(s.faultSeq), fault: f}
	s.faults = append(s.faults, rule)
	return rule.id
}

// ClearFaults removes every fault rule.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault returns the first rule applying to r, counting the use against its Times.
func (s *Server) takeFault(apiName string, r *http.Request) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rule := range s.faults {
		if rule.applies(apiName, r) {
			rule.applied++
			return rule.fault, true
		}
	}
	return Fault{}, false
}

func (s *Server) serveFaulted(a *api, f Fault, w http.ResponseWriter, r *http.Request) {
	if !sleep(r.Context(), milliseconds(f.LatencyMS)) {
		return // the client gave up; nobody is left to answer
	}
	for name, value := range f.Header {
		w.Header().Set(name, value)
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
	r = r.WithContext(context.WithValue(r.Context(), faultKey{}, f))
	switch {
	case f.Drop == dropBefore:
		dropConnection(w)
	case f.Status != 0:
		if f.Echo {
			f.Message = echoed(f.Message, r)
		}
		writeInjected(a, w, f)
	case f.Drop == dropAfter:
		s.dispatch(a, httptest.NewRecorder(), r)
		dropConnection(w)
	default:
		s.dispatch(a, w, r)
	}
}

type faultKey struct{}

// faultFrom returns the fault that matched the request being handled, so that handlers can apply
// the API-specific effects its fields describe.
func faultFrom(ctx context.Context) (Fault, bool) {
	f, found := ctx.Value(faultKey{}).(Fault)
	return f, found
}

// echoed is message followed by the request's credential headers and body.
func echoed(message string, r *http.Request) string {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	return fmt.Sprintf("%s (sent with Authorization %q, X-API-KEY %q: %s)", message, r.Header.Get("Authorization"),
		r.Header.Get("X-Api-Key"), body)
}

func writeInjected(a *api, w http.ResponseWriter, f Fault) {
	if f.Body == "" {
		a.writeError(w, f.Status, cmp.Or(f.Message, "injected fault"))
		return
	}
	w.Header().Set("Content-Type", http.DetectContentType([]byte(f.Body))) // an HTML page or plain text from a proxy
	if json.Valid([]byte(f.Body)) {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(f.Status)
	_, _ = io.WriteString(w, f.Body)
}

// dropConnection closes the client connection without an answer. Where hijacking is impossible
// (HTTP/2, recorders) the documented abort panic does the same.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// sleep waits for d, returning false if ctx ends first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}
