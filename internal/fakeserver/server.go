// Package fakeserver is an in-memory stand-in for the four vendor APIs the provider manages:
// SailPoint Identity Security Cloud (/isc), Poozle (/poozle), B3OS (/b3os) and Teal (/teal).
// Each API answers in its vendor's own shapes, errors and quirks included, so the provider's
// clients can be tested against it without network access. Admin endpoints under /_fake let a
// test inspect the stored objects, inject faults and tune timings.
package fakeserver

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// API names: each API is served under "/"+name, and Fault.API and RequestCount take these values.
const (
	APIISC    = "isc"
	APIPoozle = "poozle"
	APIB3OS   = "b3os"
	APITeal   = "teal"
)

var apiNames = []string{APIISC, APIPoozle, APIB3OS, APITeal}

// maxBodyBytes bounds request bodies; every real payload is far smaller.
const maxBodyBytes = 1 << 20

// Server serves the four fake APIs and the admin endpoints. It is safe for concurrent use.
type Server struct {
	mux   *http.ServeMux
	clock func() time.Time // time.Now; tests in this package substitute a manual clock

	// mu guards every field below. API handlers run with it held (see run), so each request
	// observes and leaves a consistent state.
	mu       sync.Mutex
	settings settings
	faults   []*faultRule
	faultSeq int
	counts   map[requestKey]int
	isc      *iscStore
	poozle   *poozleStore
	b3os     *b3osStore
	teal     *tealStore
}

// New returns a server holding the seed fixtures and the default configuration.
func New() *Server {
	s := &Server{clock: time.Now, mux: http.NewServeMux()}
	s.resetLocked()
	s.registerAdmin()
	for _, a := range []*api{s.iscAPI(), s.poozleAPI(), s.b3osAPI(), s.tealAPI()} {
		prefix := "/" + a.name
		s.mux.Handle(prefix+"/", http.StripPrefix(prefix, s.apiHandler(a)))
	}
	return s
}

// ServeHTTP serves /isc, /poozle, /b3os, /teal and the admin endpoints under /_fake.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Reset restores the seed fixtures and the default configuration, and clears faults and
// request counts.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetLocked()
}

func (s *Server) resetLocked() {
	s.settings = defaultSettings()
	s.faults = nil
	s.counts = map[requestKey]int{}
	s.isc = newISCStore()
	s.poozle = newPoozleStore()
	s.b3os = newB3OSStore()
	s.teal = newTealStore()
}

// State is a snapshot of every object the fake APIs hold, seeds included. Each API's objects use
// that API's own JSON field names.
type State struct {
	ISC    ISCState    `json:"isc"`
	Poozle PoozleState `json:"poozle"`
	B3OS   B3OSState   `json:"b3os"`
	Teal   TealState   `json:"teal"`
}

// State returns a deep copy of the stored objects. ISC tasks that are due are applied first, so
// the snapshot matches what the next API request would see.
func (s *Server) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.isc.settle(s.clock())
	s.teal.settle(s.clock())
	return cloneJSON(State{
		ISC:    s.isc.state(),
		Poozle: s.poozle.state(),
		B3OS:   s.b3os.state(),
		Teal:   s.teal.state(),
	})
}

// Config tunes the fake ISC's timings and limits. Nil fields are left as they are.
type Config struct {
	ISCTaskDurationMS *int `json:"isc_task_duration_ms"`  // time from task creation until its change is applied (default 150)
	ISCTaskNotFoundMS *int `json:"isc_task_not_found_ms"` // a just-created task answers 404 for this long (default 50)
	ISCRateLimit      *int `json:"isc_rate_limit"`        // requests per window per OAuth client id (default 100; 0 disables)
	ISCRateWindowMS   *int `json:"isc_rate_window_ms"`    // sliding window length (default 10000)
	ISCTokenLifetimeS *int `json:"isc_token_lifetime_s"`  // access token lifetime (default 749)
}

// settings is a Config with every value present.
type settings struct {
	iscTaskDurationMS int
	iscTaskNotFoundMS int
	iscRateLimit      int
	iscRateWindowMS   int
	iscTokenLifetimeS int
}

func defaultSettings() settings {
	return settings{iscTaskDurationMS: 150, iscTaskNotFoundMS: 50, iscRateLimit: 100, iscRateWindowMS: 10000, iscTokenLifetimeS: 749}
}

func (st *settings) merge(c Config) {
	assign(&st.iscTaskDurationMS, c.ISCTaskDurationMS)
	assign(&st.iscTaskNotFoundMS, c.ISCTaskNotFoundMS)
	assign(&st.iscRateLimit, c.ISCRateLimit)
	assign(&st.iscRateWindowMS, c.ISCRateWindowMS)
	assign(&st.iscTokenLifetimeS, c.ISCTokenLifetimeS)
}

func (st settings) config() Config {
	return Config{
		ISCTaskDurationMS: &st.iscTaskDurationMS,
		ISCTaskNotFoundMS: &st.iscTaskNotFoundMS,
		ISCRateLimit:      &st.iscRateLimit,
		ISCRateWindowMS:   &st.iscRateWindowMS,
		ISCTokenLifetimeS: &st.iscTokenLifetimeS,
	}
}

func assign(dst, src *int) {
	if src != nil {
		*dst = *src
	}
}

func (c Config) validate() error {
	for name, v := range map[string]*int{
		"isc_task_duration_ms":  c.ISCTaskDurationMS,
		"isc_task_not_found_ms": c.ISCTaskNotFoundMS,
		"isc_rate_limit":        c.ISCRateLimit,
		"isc_token_lifetime_s":  c.ISCTokenLifetimeS,
	} {
		if v != nil && *v < 0 {
			return fmt.Errorf("%s must not be negative", name)
		}
	}
	if c.ISCRateWindowMS != nil && *c.ISCRateWindowMS <= 0 {
		return errors.New("isc_rate_window_ms must be positive")
	}
	return nil
}

// Configure applies the non-nil fields of c. It panics on a negative value, as that is a bug in
// the calling test; the admin endpoint answers 400 instead.
func (s *Server) Configure(c Config) {
	mustBeValid(c.validate())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings.merge(c)
}

func mustBeValid(err error) {
	if err != nil {
		panic("fakeserver: " + err.Error())
	}
}

func milliseconds(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// Fault makes matching API requests misbehave. A fault whose Status is 0 and Drop is empty only
// adds latency, a Retry-After header or an ISC task outcome.
type Fault struct {
	API          string   `json:"api"`           // "isc", "poozle", "b3os" or "teal"
	Method       string   `json:"method"`        // empty matches any method
	Path         string   `json:"path"`          // path prefix within the API, e.g. "/v3/accounts"; empty matches all
	Status       int      `json:"status"`        // answer this status in the API's own error shape (message "injected fault")
	Body         string   `json:"body"`          // raw body replacing the default error body
	RetryAfter   int      `json:"retry_after"`   // seconds, sent as Retry-After
	LatencyMS    int      `json:"latency_ms"`    // delay before handling; abandoned if the client goes away
	Drop         string   `json:"drop"`          // "before": close without handling; "after": handle (commit), then close without answering
	Times        int      `json:"times"`         // apply to the first N matching requests; 0 = unlimited
	Fraction     float64  `json:"fraction"`      // 0 or 1 = every match; otherwise the probability of applying
	TaskOutcome  string   `json:"task_outcome"`  // ISC only: completionStatus of tasks the matched requests create
	TaskMessages []string `json:"task_messages"` // ISC only: the messages of that outcome
}

const (
	dropBefore = "before"
	dropAfter  = "after"
)

func (f Fault) validate() error {
	switch {
	case !slices.Contains(apiNames, f.API):
		return fmt.Errorf("api must be one of %s", strings.Join(apiNames, ", "))
	case f.Drop != "" && f.Drop != dropBefore && f.Drop != dropAfter:
		return errors.New(`drop must be "", "before" or "after"`)
	case f.Drop != "" && f.Status != 0:
		return errors.New("status and drop exclude each other")
	case f.Status != 0 && (f.Status < 200 || f.Status > 599):
		return errors.New("status must be between 200 and 599")
	case f.Times < 0 || f.LatencyMS < 0 || f.RetryAfter < 0:
		return errors.New("times, latency_ms and retry_after must not be negative")
	case f.Fraction < 0 || f.Fraction > 1:
		return errors.New("fraction must be between 0 and 1")
	case f.TaskOutcome != "" && f.API != APIISC:
		return errors.New("task_outcome applies to the isc api only")
	case f.TaskOutcome != "" && !slices.Contains(iscTaskOutcomes, f.TaskOutcome):
		return fmt.Errorf("task_outcome must be one of %s", strings.Join(iscTaskOutcomes, ", "))
	case len(f.TaskMessages) > 0 && f.TaskOutcome == "":
		return errors.New("task_messages needs task_outcome")
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

type requestKey struct{ api, method, path string }

// RequestCount is the number of requests to api whose method matches (empty matches any) and
// whose path within the API starts with pathPrefix. Only requests that got past fault handling
// count: those answered by an injected status or dropped before handling do not.
func (s *Server) RequestCount(api, method, pathPrefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	total := 0
	for key, n := range s.counts {
		if key.api == api && (method == "" || strings.EqualFold(method, key.method)) && strings.HasPrefix(key.path, pathPrefix) {
			total += n
		}
	}
	return total
}

func (s *Server) countRequest(apiName string, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[requestKey{apiName, r.Method, r.URL.Path}]++
}

// api describes how one vendor API is served.
type api struct {
	name   string
	routes *http.ServeMux
	// requestIDHeader, when set, names a header every response carries a fresh id in.
	requestIDHeader string
	requestIDPrefix string
	// admit runs before every non-public route with the lock held: authentication, rate limits.
	admit func(req *request) error
	// writeError answers status with message in the API's own error shape.
	writeError func(w http.ResponseWriter, status int, message string)
	// writeBody writes an encoded success body; APIs with an envelope wrap it here. nil: as is.
	writeBody func(w http.ResponseWriter, status int, body json.RawMessage)
	// notFoundMessage is the error message for a request no route matches.
	notFoundMessage func(r *http.Request) string
}

// handlerFunc answers one API request. It runs with the server lock held, so it may read and
// change the stores freely; its result body is encoded before the lock is released.
type handlerFunc func(req *request) (result, error)

// request is an API request whose body has been read before the lock was taken.
type request struct {
	*http.Request
	body []byte
	now  time.Time
}

type result struct {
	status int
	body   any // nil: no body at all
	header map[string]string
}

func ok(body any) (result, error) { return result{status: http.StatusOK, body: body}, nil }

// apiError is a failure answered in the API's own error shape, unless body replaces that shape
// (NestJS validation errors, OAuth errors).
type apiError struct {
	status  int
	message string
	header  map[string]string
	body    any
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.status, e.message) }

func failure(status int, format string, args ...any) *apiError {
	return &apiError{status: status, message: fmt.Sprintf(format, args...)}
}

// handle registers a route that passes the API's admit check first.
func (s *Server) handle(a *api, pattern string, h handlerFunc) {
	a.routes.Handle(pattern, s.endpoint(a, true, h))
}

// handlePublic registers a route that needs no credentials.
func (s *Server) handlePublic(a *api, pattern string, h handlerFunc) {
	a.routes.Handle(pattern, s.endpoint(a, false, h))
}

func (s *Server) endpoint(a *api, guarded bool, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			a.writeError(w, http.StatusBadRequest, "request body could not be read")
			return
		}
		res, encoded, err := s.run(a, guarded, h, &request{Request: r, body: body})
		if err != nil {
			writeFailure(a, w, err)
			return
		}
		for name, value := range res.header {
			w.Header().Set(name, value)
		}
		a.writeBody(w, res.status, encoded)
	})
}

// run calls h under the lock and encodes its answer there, so no stored object is read after
// the lock is released.
func (s *Server) run(a *api, guarded bool, h handlerFunc, req *request) (result, json.RawMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req.now = s.clock()
	if guarded {
		if err := a.admit(req); err != nil {
			return result{}, nil, err
		}
	}
	res, err := h(req)
	if err != nil || res.body == nil {
		return res, nil, err
	}
	encoded, err := json.Marshal(res.body)
	return res, encoded, err
}

func writeFailure(a *api, w http.ResponseWriter, err error) {
	var failed *apiError
	if !errors.As(err, &failed) {
		a.writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	for name, value := range failed.header {
		w.Header().Set(name, value)
	}
	if failed.body != nil {
		writeJSON(w, failed.status, failed.body)
		return
	}
	a.writeError(w, failed.status, failed.message)
}

// apiHandler applies fault rules, counts the request and routes it within the API.
func (s *Server) apiHandler(a *api) http.Handler {
	if a.writeBody == nil {
		a.writeBody = writeEncoded
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.requestIDHeader != "" {
			w.Header().Set(a.requestIDHeader, a.requestIDPrefix+randomHex(16))
		}
		if f, found := s.takeFault(a.name, r); found {
			s.serveFaulted(a, f, w, r)
			return
		}
		s.dispatch(a, w, r)
	})
}

func (s *Server) serveFaulted(a *api, f Fault, w http.ResponseWriter, r *http.Request) {
	if !sleep(r.Context(), milliseconds(f.LatencyMS)) {
		return // the client gave up; nobody is left to answer
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
	r = withTaskOutcome(r, f)
	switch {
	case f.Drop == dropBefore:
		dropConnection(w)
	case f.Status != 0:
		writeInjected(a, w, f)
	case f.Drop == dropAfter:
		s.dispatch(a, httptest.NewRecorder(), r)
		dropConnection(w)
	default:
		s.dispatch(a, w, r)
	}
}

func (s *Server) dispatch(a *api, w http.ResponseWriter, r *http.Request) {
	s.countRequest(a.name, r)
	if _, pattern := a.routes.Handler(r); pattern == "" {
		a.writeError(w, http.StatusNotFound, a.notFoundMessage(r))
		return
	}
	a.routes.ServeHTTP(w, r)
}

func writeInjected(a *api, w http.ResponseWriter, f Fault) {
	if f.Body == "" {
		a.writeError(w, f.Status, "injected fault")
		return
	}
	w.Header().Set("Content-Type", "application/json")
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

type taskOutcomeKey struct{}

// withTaskOutcome hands a fault's ISC task outcome to the handler that creates the task.
func withTaskOutcome(r *http.Request, f Fault) *http.Request {
	if f.TaskOutcome == "" {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), taskOutcomeKey{}, f))
}

func taskOutcomeFrom(ctx context.Context) (Fault, bool) {
	f, found := ctx.Value(taskOutcomeKey{}).(Fault)
	return f, found
}

func (s *Server) registerAdmin() {
	s.mux.HandleFunc("GET /_fake/state", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.State())
	})
	s.mux.HandleFunc("POST /_fake/reset", func(w http.ResponseWriter, _ *http.Request) {
		s.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	s.mux.HandleFunc("POST /_fake/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Fault
		if !decodeAdmin(w, r, &f, Fault.validate) {
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"id": s.AddFault(f)})
	})
	s.mux.HandleFunc("DELETE /_fake/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	s.mux.HandleFunc("POST /_fake/config", func(w http.ResponseWriter, r *http.Request) {
		var c Config
		if !decodeAdmin(w, r, &c, Config.validate) {
			return
		}
		s.Configure(c)
		s.mu.Lock()
		effective := s.settings.config()
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, effective)
	})
}

// decodeAdmin reads a strict JSON body into v and validates it, answering 400 with a plain
// message when either fails. Unknown fields are rejected so a misspelt option is not ignored.
func decodeAdmin[T any](w http.ResponseWriter, r *http.Request, v *T, validate func(T) error) bool {
	decoder := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	decoder.DisallowUnknownFields()
	err := decoder.Decode(v)
	if err == nil {
		err = validate(*v)
	}
	if err != nil {
		http.Error(w, "invalid request body: "+err.Error(), http.StatusBadRequest)
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	encoded, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeEncoded(w, status, encoded)
}

func writeEncoded(w http.ResponseWriter, status int, body json.RawMessage) {
	if body != nil {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// cloneJSON deep-copies v through its JSON form, the same form the admin endpoint serves.
func cloneJSON[T any](v T) T {
	encoded, err := json.Marshal(v)
	if err != nil {
		panic("fakeserver: cloning state: " + err.Error())
	}
	var clone T
	if err := json.Unmarshal(encoded, &clone); err != nil {
		panic("fakeserver: cloning state: " + err.Error())
	}
	return clone
}

// bearerToken extracts the token of an "Authorization: Bearer <token>" header.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}

// decodeBody unmarshals a JSON request body; an empty body is an error.
func decodeBody(req *request, v any) error {
	if len(req.body) == 0 {
		return errors.New("empty body")
	}
	return json.Unmarshal(req.body, v)
}

// page is a parsed offset/limit pair.
type page struct{ offset, limit int }

// pageLimits are an API's rules for the limit parameter.
type pageLimits struct{ defaultLimit, minLimit, maxLimit int }

func parsePage(q url.Values, rules pageLimits) (page, error) {
	offset, err := intParam(q, "offset", 0)
	if err != nil || offset < 0 {
		return page{}, errors.New("offset must be a non-negative integer")
	}
	limit, err := intParam(q, "limit", rules.defaultLimit)
	if err != nil || limit < rules.minLimit || limit > rules.maxLimit {
		return page{}, fmt.Errorf("limit must be an integer between %d and %d", rules.minLimit, rules.maxLimit)
	}
	return page{offset: offset, limit: limit}, nil
}

func intParam(q url.Values, name string, fallback int) (int, error) {
	value := q.Get(name)
	if value == "" {
		return fallback, nil
	}
	return strconv.Atoi(value)
}

// pageOf returns the items p selects, never nil so that it encodes as [].
func pageOf[T any](items []T, p page) []T {
	start := min(p.offset, len(items))
	end := min(start+p.limit, len(items))
	return append(make([]T, 0, end-start), items[start:end]...)
}

func ptr[T any](v T) *T { return &v }

// randomHex returns n random bytes as 2n lowercase hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = cryptorand.Read(b) // never fails on supported platforms
	return hex.EncodeToString(b)
}

// randomUUID returns a random (version 4) UUID.
func randomUUID() string {
	b := make([]byte, 16)
	_, _ = cryptorand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// isoMillis formats t the way JavaScript's toISOString and the ISC API do.
func isoMillis(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
