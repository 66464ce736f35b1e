package fakeserver

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
)

// B3OS development keys beside B3OSAPIKey (env.go), for the authorization paths.
const (
	// B3OSReadOnlyAPIKey belongs to the same organization but lacks service_account:write, so
	// creating, updating or deleting a service account with it answers 403.
	B3OSReadOnlyAPIKey = "b3sk_fake_read_only_key"
	// B3OSRevokedAPIKey was revoked: every request with it answers 401.
	B3OSRevokedAPIKey = "b3sk_fake_revoked_key"
)

// Permissions the fake's routes need. service_account:write is confirmed (b3os-mcp setup.ts
// names it as what creating a service account needs); the read permissions are inferred.
const (
	b3osPermissionOrgRead      = "org:read"
	b3osPermissionAccountRead  = "service_account:read"
	b3osPermissionAccountWrite = "service_account:write"
)

// The request id header's name is inferred; the envelope's requestId ("req_123") is documented.
const (
	b3osRequestIDHeader = "X-Request-Id"
	b3osSeedTimestamp   = "2025-01-10T12:00:00Z"
	b3osSeedUserID      = "usr_fake_owner"
)

// B3OSState holds the fake B3OS server's objects.
type B3OSState struct {
	Organizations   []B3OSOrganization   `json:"organizations"`
	ServiceAccounts []B3OSServiceAccount `json:"serviceAccounts"`
	APIKeys         []B3OSKey            `json:"apiKeys"`
}

// B3OSOrganization is B3OS's Organization object (SDK types.ts).
type B3OSOrganization struct {
	ID          string `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	CreatedBy   string `json:"createdBy"`
	CreatedAt   string `json:"createdAt"`
	UpdatedAt   string `json:"updatedAt"`
}

// B3OSServiceAccount is B3OS's ServiceAccount object.
type B3OSServiceAccount struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	OrganizationID string   `json:"organizationId"`
	Permissions    []string `json:"permissions"`
	Status         string   `json:"status"`     // "active" or "disabled"
	DisabledAt     *string  `json:"disabledAt"` // documented as a string; null while active (inferred)
	CreatedAt      string   `json:"createdAt"`
	CreatedBy      string   `json:"createdBy"`
	UpdatedAt      string   `json:"updatedAt"`
}

// b3osKey is what an API key grants: an organization key implies its organization. A key
// minted through the API (apiKeyID set) grants what authenticate resolves.
type b3osKey struct {
	organizationID string
	permissions    []string
	revoked        bool
	apiKeyID       string
}

type b3osStore struct {
	settings        B3OSSettings
	keys            map[string]b3osKey
	windows         map[string]*b3osWindow // per organization id: the current rate-limit window
	organizations   []B3OSOrganization
	serviceAccounts []*B3OSServiceAccount
	apiKeys         []*B3OSKey
}

func newB3OSStore() *b3osStore {
	readOnly := []string{b3osPermissionOrgRead, b3osPermissionAccountRead, b3osPermissionKeyRead}
	write := []string{b3osPermissionAccountWrite, b3osPermissionKeyCreate, b3osPermissionKeyDelete}
	return &b3osStore{
		settings: defaultB3OSSettings(),
		keys: map[string]b3osKey{
			B3OSAPIKey:         {organizationID: B3OSOrganizationID, permissions: append(slices.Clone(readOnly), write...)},
			B3OSReadOnlyAPIKey: {organizationID: B3OSOrganizationID, permissions: readOnly},
			B3OSRevokedAPIKey:  {organizationID: B3OSOrganizationID, permissions: readOnly, revoked: true},
		},
		windows: map[string]*b3osWindow{},
		organizations: []B3OSOrganization{{
			ID: B3OSOrganizationID, Slug: "fake-organization", Name: "Fake Organization",
			Description: "Organization of the fake B3OS server", CreatedBy: b3osSeedUserID,
			CreatedAt: b3osSeedTimestamp, UpdatedAt: b3osSeedTimestamp,
		}},
	}
}

func (st *b3osStore) state() B3OSState {
	state := B3OSState{Organizations: st.organizations}
	for _, account := range st.serviceAccounts {
		state.ServiceAccounts = append(state.ServiceAccounts, *account)
	}
	for _, key := range st.apiKeys {
		state.APIKeys = append(state.APIKeys, *key)
	}
	return state
}

// APIB3OS is the name the API is served under, "/"+APIB3OS.
const APIB3OS = "b3os"

// Development credentials the fake B3OS accepts.
const (
	B3OSAPIKey         = "b3sk_fake_development_key"
	B3OSOrganizationID = "org_fake"
)

var _ = registerVendor(vendor{name: APIB3OS, serve: (*Server).b3osAPI, secrets: []string{B3OSAPIKey, B3OSReadOnlyAPIKey},
	reset:    func(s *Server) { s.b3os = newB3OSStore() },
	snapshot: func(s *Server, state *State) { state.B3OS = s.b3os.state() }})

func (s *Server) b3osAPI() *api {
	a := &api{
		name:            APIB3OS,
		routes:          http.NewServeMux(),
		requestIDHeader: b3osRequestIDHeader,
		requestIDPrefix: "req_",
		admit:           s.b3osAdmit,
		writeError:      writeB3OSError,
		writeBody:       writeB3OSEnvelope,
		notFoundMessage: func(*http.Request) string { return "not found" },
	}
	s.handle(a, "GET /v1/organizations", s.b3osRoute(b3osPermissionOrgRead, s.b3osListOrganizations))
	s.handle(a, "GET /v1/whoami", s.b3osWhoAmI)
	s.handle(a, "GET /v1/service-accounts", s.b3osRoute(b3osPermissionAccountRead, s.b3osListServiceAccounts))
	s.handle(a, "POST /v1/service-accounts", s.b3osRoute(b3osPermissionAccountWrite, s.b3osCreateServiceAccount))
	s.handle(a, "GET /v1/service-accounts/{id}", s.b3osRoute(b3osPermissionAccountRead, s.b3osGetServiceAccount))
	s.handle(a, "PATCH /v1/service-accounts/{id}", s.b3osRoute(b3osPermissionAccountWrite, s.b3osUpdateServiceAccount))
	// No source shows these three routes (inferred): the web app deletes service accounts and the
	// object has status and disabledAt, so some route must exist. They answer errors in the
	// guide's shape, the other of the two documented ones.
	s.handle(a, "DELETE /v1/service-accounts/{id}", b3osGuideErrors(s.b3osRoute(b3osPermissionAccountWrite, s.b3osDeleteServiceAccount)))
	s.handle(a, "POST /v1/service-accounts/{id}/disable", b3osGuideErrors(s.b3osRoute(b3osPermissionAccountWrite, s.b3osSetDisabled(true))))
	s.handle(a, "POST /v1/service-accounts/{id}/enable", b3osGuideErrors(s.b3osRoute(b3osPermissionAccountWrite, s.b3osSetDisabled(false))))
	s.b3osAPIKeyRoutes(a)
	return a
}

// b3osAdmit authenticates the API key, then applies its organization's rate limit. Such a key
// implies its organization, so an X-Org-ID header naming another organization is refused. The
// statuses are documented (b3os-mcp client.ts); the messages are inferred.
func (s *Server) b3osAdmit(req *request) error {
	token, _ := bearerToken(req.Request)
	key, err := s.b3os.authenticate(token, req.now)
	if err != nil {
		return err
	}
	if org := req.Header.Get("X-Org-ID"); org != "" && org != key.organizationID {
		return failure(http.StatusForbidden, "API key does not belong to organization %s", org)
	}
	return s.b3os.admitRate(key.organizationID, req.now)
}

// b3osHandler answers a request of an admitted caller on behalf of its organization.
type b3osHandler func(req *request, organizationID string) (result, error)

// b3osRoute checks that the caller's key holds the permission the route needs.
func (s *Server) b3osRoute(permission string, h b3osHandler) handlerFunc {
	return func(req *request) (result, error) {
		token, _ := bearerToken(req.Request)
		key, _ := s.b3os.authenticate(token, req.now) // admitted, so granted
		if !slices.Contains(key.permissions, permission) {
			return result{}, failure(http.StatusForbidden, "insufficient permissions: this API key lacks %s", permission)
		}
		return h(req, key.organizationID)
	}
}

// b3osEnvelope wraps every answer; requestId repeats the X-Request-Id header.
type b3osEnvelope struct {
	Code      int             `json:"code"`
	Data      json.RawMessage `json:"data,omitempty"`
	Message   string          `json:"message"`
	RequestID string          `json:"requestId"`
}

func writeB3OSEnvelope(w http.ResponseWriter, status int, data json.RawMessage) {
	writeJSON(w, status, b3osEnvelope{Code: status, Data: data, Message: "success", RequestID: w.Header().Get(b3osRequestIDHeader)})
}

func writeB3OSError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, b3osEnvelope{Code: status, Message: message, RequestID: w.Header().Get(b3osRequestIDHeader)})
}

// b3osGuideError is the error shape of docs.b3os.org/api/introduction. Its code is a string
// there; the values used here (BAD_REQUEST, NOT_FOUND...) are inferred.
type b3osGuideError struct {
	Success bool `json:"success"`
	Error   struct {
		Message string `json:"message"`
		Code    string `json:"code"`
	} `json:"error"`
}

// b3osGuideErrors answers h's failures in the guide's shape instead of the envelope.
func b3osGuideErrors(h handlerFunc) handlerFunc {
	return func(req *request) (result, error) {
		res, err := h(req)
		var failed *apiError
		if errors.As(err, &failed) && failed.body == nil {
			var body b3osGuideError
			body.Error.Message = failed.message
			body.Error.Code = strings.ToUpper(strings.ReplaceAll(http.StatusText(failed.status), " ", "_"))
			failed.body = body
		}
		return res, err
	}
}

// Bodies a proxy in front of B3OS answers with instead of the API's shapes, for faults
// (Fault.Body) that stand for it: B3OS's SDK handles both (b3os-mcp client.ts and its tests).
const (
	B3OSProxyHTMLPage  = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n"
	B3OSProxyPlainText = "Forbidden: insufficient permissions"
)

// b3osPage is B3OS's paginated list.
type b3osPage[T any] struct {
	Items   []T  `json:"items"`
	Limit   int  `json:"limit"`
	Offset  int  `json:"offset"`
	HasMore bool `json:"hasMore"`
}

// b3osList pages items. The default and largest limit, 100, are inferred: the SDK pages by 100.
func b3osList[T any](req *request, items []T) (result, error) {
	p, err := parsePage(req.URL.Query(), pageLimits{defaultLimit: 100, minLimit: 1, maxLimit: 100})
	if err != nil {
		return result{}, failure(http.StatusBadRequest, "%v", err)
	}
	return ok(b3osPage[T]{Items: pageOf(items, p), Limit: p.limit, Offset: p.offset, HasMore: p.offset+p.limit < len(items)})
}

func (s *Server) b3osListOrganizations(req *request, _ string) (result, error) {
	return b3osList(req, s.b3os.organizations)
}

// b3osWhoAmI describes the caller. The real route exists but its body is undocumented; this
// shape is the fake's own.
func (s *Server) b3osWhoAmI(*request) (result, error) {
	return ok(map[string]any{"authType": "api_key", "organizationId": B3OSOrganizationID, "organization": s.b3os.organizations[0]})
}
