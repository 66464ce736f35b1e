package fakeserver

import (
	"encoding/json"
	"net/http"
)

const (
	b3osRequestIDHeader = "X-Request-Id"
	b3osSeedTimestamp   = "2025-01-10T12:00:00Z"
	b3osSeedUserID      = "usr_fake_owner"
)

// B3OSState holds the fake B3OS server's objects.
type B3OSState struct {
	Organizations   []B3OSOrganization   `json:"organizations"`
	ServiceAccounts []B3OSServiceAccount `json:"serviceAccounts"`
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
	Status         string   `json:"status"` // "active" or "disabled"
	DisabledAt     *string  `json:"disabledAt"`
	CreatedAt      string   `json:"createdAt"`
	CreatedBy      string   `json:"createdBy"`
	UpdatedAt      string   `json:"updatedAt"`
}

type b3osStore struct {
	organizations   []B3OSOrganization
	serviceAccounts []*B3OSServiceAccount
}

func newB3OSStore() *b3osStore {
	return &b3osStore{organizations: []B3OSOrganization{{
		ID: B3OSOrganizationID, Slug: "fake-organization", Name: "Fake Organization",
		Description: "Organization of the fake B3OS server", CreatedBy: b3osSeedUserID,
		CreatedAt: b3osSeedTimestamp, UpdatedAt: b3osSeedTimestamp,
	}}}
}

func (st *b3osStore) state() B3OSState {
	state := B3OSState{Organizations: st.organizations}
	for _, account := range st.serviceAccounts {
		state.ServiceAccounts = append(state.ServiceAccounts, *account)
	}
	return state
}

func (s *Server) b3osAPI() *api {
	a := &api{
		name:            APIB3OS,
		routes:          http.NewServeMux(),
		requestIDHeader: b3osRequestIDHeader,
		requestIDPrefix: "req_",
		admit:           b3osAdmit,
		writeError:      writeB3OSError,
		writeBody:       writeB3OSEnvelope,
		notFoundMessage: func(*http.Request) string { return "not found" },
	}
	s.handle(a, "GET /v1/organizations", s.b3osListOrganizations)
	s.handle(a, "GET /v1/whoami", s.b3osWhoAmI)
	s.handle(a, "GET /v1/service-accounts", s.b3osListServiceAccounts)
	return a
}

// b3osAdmit accepts the organization API key. Such a key implies its organization, so an
// X-Org-ID header naming another organization is refused.
func b3osAdmit(req *request) error {
	if token, _ := bearerToken(req.Request); token != B3OSAPIKey {
		return failure(http.StatusUnauthorized, "invalid or expired API key")
	}
	if org := req.Header.Get("X-Org-ID"); org != "" && org != B3OSOrganizationID {
		return failure(http.StatusForbidden, "API key does not belong to organization %s", org)
	}
	return nil
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

// b3osPage is B3OS's paginated list.
type b3osPage[T any] struct {
	Items   []T  `json:"items"`
	Limit   int  `json:"limit"`
	Offset  int  `json:"offset"`
	HasMore bool `json:"hasMore"`
}

func b3osList[T any](req *request, items []T) (result, error) {
	p, err := parsePage(req.URL.Query(), pageLimits{defaultLimit: 100, minLimit: 1, maxLimit: 100})
	if err != nil {
		return result{}, failure(http.StatusBadRequest, "%v", err)
	}
	return ok(b3osPage[T]{Items: pageOf(items, p), Limit: p.limit, Offset: p.offset, HasMore: p.offset+p.limit < len(items)})
}

func (s *Server) b3osListOrganizations(req *request) (result, error) {
	return b3osList(req, s.b3os.organizations)
}

// b3osWhoAmI describes the caller. The real route exists but its body is undocumented; this
// shape is the fake's own.
func (s *Server) b3osWhoAmI(*request) (result, error) {
	return ok(map[string]any{"authType": "api_key", "organizationId": B3OSOrganizationID, "organization": s.b3os.organizations[0]})
}

func (s *Server) b3osListServiceAccounts(req *request) (result, error) {
	return b3osList(req, s.b3os.serviceAccounts)
}
