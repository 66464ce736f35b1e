package fakeserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"strings"
)

// registerAdmin serves the test-only endpoints under /_fake: state, reset, faults and config.
// Every one is behind adminGuard.
func (s *Server) registerAdmin() {
	handle := func(pattern string, handler http.HandlerFunc) { s.mux.Handle(pattern, adminGuard(handler)) }
	handle("GET /_fake/state", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.State())
	})
	handle("POST /_fake/reset", func(w http.ResponseWriter, _ *http.Request) {
		s.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	handle("POST /_fake/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Fault
		if !decodeAdmin(w, r, &f, Fault.validate) {
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"id": s.AddFault(f)})
	})
	handle("DELETE /_fake/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	handle("GET /_fake/config", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.effectiveSettings())
	})
	handle("POST /_fake/config", s.serveConfig)
}

// adminGuard keeps web pages away from the unauthenticated admin endpoints. A page in a browser
// on the same machine can send a POST without a preflight when its body is text/plain, a form or
// empty, and DNS rebinding lets it reach a loopback port under its own host name. So the guard
// serves only loopback Host values (403 otherwise) and only JSON on a POST or any request with a
// body (415 otherwise), which a browser sends to another origin only after a CORS preflight that
// the fake never grants. A bodiless POST must say JSON too: it is the one a page sends simply.
func adminGuard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case !loopbackHost(r.Host):
			writeJSON(w, http.StatusForbidden, map[string]string{"error": "admin endpoints answer only a loopback Host (localhost, 127.0.0.1 or [::1])"})
		case (r.Method == http.MethodPost || r.ContentLength != 0) && !isJSON(r.Header.Get("Content-Type")):
			writeJSON(w, http.StatusUnsupportedMediaType, map[string]string{"error": "admin endpoints take only Content-Type: application/json"})
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// loopbackHost reports whether a Host header value names loopback, with or without a port.
func loopbackHost(host string) bool {
	if name, _, err := net.SplitHostPort(host); err == nil {
		host = name
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.EqualFold(host, "localhost") || host == "127.0.0.1" || host == "::1"
}

// isJSON reports whether a Content-Type value is application/json, parameters allowed.
func isJSON(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && mediaType == "application/json"
}

// serveConfig applies {"<api>": {partial settings}, ...}: every part is decoded onto a copy of
// that API's current settings and validated before any is stored, so a bad request changes
// nothing. It answers with the effective settings of every API.
func (s *Server) serveConfig(w http.ResponseWriter, r *http.Request) {
	var patches map[string]json.RawMessage
	if !decodeAdmin(w, r, &patches, func(map[string]json.RawMessage) error { return nil }) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var commits []func()
	for name, patch := range patches {
		commit, err := prepareSettings(s, name, patch)
		if err != nil {
			http.Error(w, "invalid request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		commits = append(commits, commit)
	}
	for _, commit := range commits {
		commit()
	}
	writeJSON(w, http.StatusOK, s.effectiveSettingsLocked())
}

func prepareSettings(s *Server, name string, patch json.RawMessage) (func(), error) {
	access, found := settingsRegistry[name]
	if !found {
		return nil, fmt.Errorf("no settings for api %q", name)
	}
	commit, err := access.prepare(s, patch)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return commit, nil
}

func (s *Server) effectiveSettings() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.effectiveSettingsLocked()
}

func (s *Server) effectiveSettingsLocked() map[string]any {
	effective := map[string]any{}
	for name, access := range settingsRegistry {
		effective[name] = access.current(s)
	}
	return effective
}

// settingsValue is an API's settings type: plain fields with JSON tags, and their rules.
type settingsValue interface{ validate() error }

// settingsAccess reaches one API's settings inside the server's stores.
type settingsAccess struct {
	current func(s *Server) any
	// prepare decodes a partial JSON patch onto a copy and validates it; commit stores the copy.
	prepare func(s *Server, patch json.RawMessage) (commit func(), err error)
}

// settingsRegistry holds, per API name, the settings each API registered. It is filled by
// package-level registerSettings calls and only read afterwards.
var settingsRegistry = map[string]settingsAccess{}

// registerSettings makes an API's settings configurable through POST /_fake/config under name.
// field locates the settings in the API's store, so Reset restores them with the store. Each
// API registers with one line:
//
//	var _ = registerSettings(APIISC, func(s *Server) *ISCSettings { return &s.isc.settings })
func registerSettings[T settingsValue](name string, field func(*Server) *T) bool {
	settingsRegistry[name] = settingsAccess{
		current: func(s *Server) any { return *field(s) },
		prepare: func(s *Server, patch json.RawMessage) (func(), error) {
			next, err := patchSettings(*field(s), patch)
			if err != nil {
				return nil, err
			}
			return func() { *field(s) = next }, nil
		},
	}
	return true
}

// patchSettings decodes patch onto a copy of current; unknown fields are rejected so that a
// misspelt option is not ignored.
func patchSettings[T settingsValue](current T, patch json.RawMessage) (T, error) {
	decoder := json.NewDecoder(bytes.NewReader(patch))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&current); err != nil {
		return current, err
	}
	return current, current.validate()
}

// configure is the typed counterpart of POST /_fake/config for Go callers; each API wraps it in
// a Configure<API> method. It panics on invalid settings, as that is a bug in the calling test.
func configure[T settingsValue](s *Server, field func(*Server) *T, change func(*T)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := *field(s)
	change(&next)
	mustBeValid(next.validate())
	*field(s) = next
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
