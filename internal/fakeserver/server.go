// Package fakeserver is an in-memory stand-in for the vendor APIs the provider manages, each
// served under "/"+its name (APIs) and registered beside its routes (registerVendor). Each API
// answers in its vendor's own shapes, errors and quirks included, so the provider's clients can
// be tested against it without network access. Admin endpoints under /_fake let a test inspect
// the stored objects, inject faults and tune timings.
package fakeserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// vendor is one fake API as the server's core sees it. Each registers itself with one
// registerVendor call beside its routes; the core knows none by name.
type vendor struct {
	// name is where the API is served ("/"+name), and what Fault.API and RequestCount take.
	name  string
	serve func(s *Server) *api
	// reset replaces the API's store with a fresh one: seeds and default settings.
	reset func(s *Server)
	// settle applies what is due by now (tasks that finish, accounts that activate); nil: nothing is.
	settle   func(s *Server, now time.Time)
	snapshot func(s *Server, state *State)
	// secrets are the development credentials the API accepts.
	secrets []string
}

// vendors is filled by package-level registerVendor calls and only read afterwards.
var vendors []vendor

//nolint:unparam // the result lets a package-level var register an API beside its routes
func registerVendor(v vendor) bool {
	vendors = append(vendors, v)
	slices.SortFunc(vendors, func(a, b vendor) int { return strings.Compare(a.name, b.name) })
	return true
}

// apiNames are the names of the APIs served, sorted.
func apiNames() []string {
	names := make([]string, len(vendors))
	for i, v := range vendors {
		names[i] = v.name
	}
	return names
}

// maxBodyBytes bounds request bodies; every real payload is far smaller.
const maxBodyBytes = 1 << 20

// Server serves the fake APIs and the admin endpoints. It is safe for concurrent use.
type Server struct {
	mux   *http.ServeMux
	clock func() time.Time // time.Now; tests in this package substitute a manual clock

	// mu guards every field below. API handlers run with it held (see run), so each request
	// observes and leaves a consistent state.
	mu       sync.Mutex
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
	for _, v := range vendors {
		a := v.serve(s)
		prefix := "/" + a.name
		s.mux.Handle(prefix+"/", http.StripPrefix(prefix, s.apiHandler(a)))
	}
	return s
}

// ServeHTTP serves each API under "/"+its name, and the admin endpoints under /_fake.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Reset restores the seed fixtures and the default settings (each API keeps its settings in its
// store), and clears faults and request counts.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.resetLocked()
}

func (s *Server) resetLocked() {
	s.faults = nil
	s.counts = map[requestKey]int{}
	for _, v := range vendors {
		v.reset(s)
	}
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
	var state State
	for _, v := range vendors {
		if v.settle != nil {
			v.settle(s, s.clock())
		}
		v.snapshot(s, &state)
	}
	return cloneJSON(state)
}

func mustBeValid(err error) {
	if err != nil {
		panic("fakeserver: " + err.Error())
	}
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

func (s *Server) dispatch(a *api, w http.ResponseWriter, r *http.Request) {
	s.countRequest(a.name, r)
	if _, pattern := a.routes.Handler(r); pattern == "" {
		a.writeError(w, http.StatusNotFound, a.notFoundMessage(r))
		return
	}
	a.routes.ServeHTTP(w, r)
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
