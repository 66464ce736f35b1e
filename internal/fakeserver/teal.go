package fakeserver

import (
	"errors"
	"net/http"
	"time"
)

// Ids of the seeded Teal objects: a user with an active authorisation, one without any, and one
// whose only authorisation is revoked.
const (
	TealUserID                   = "95a0e70b-fe02-4f47-aef9-2efff279df71"
	TealAuthorisationID          = "3b2f4c1e-8d7a-4e5f-9b6c-0a1d2e3f4a5b"
	TealUserWithoutAuthorisation = "c4d5e6f7-0a1b-4c2d-8e3f-4a5b6c7d8e9f"
	TealUserRevokedID            = "d8e9f0a1-2b3c-4d5e-9f6a-7b8c9d0e1f2a"
	TealRevokedAuthorisationID   = "e1f2a3b4-5c6d-4e7f-8a9b-0c1d2e3f4a5b"
	tealSeedTimestamp            = "2024-03-01T10:00:00.000Z"
	tealUnauthorizedText         = "No X-API-KEY header provided or wrong value"
	tealAuthorisationActive      = "active"
	tealAuthorisationRevoked     = "revoked"
)

// TealState holds the fake Teal server's objects.
type TealState struct {
	Users            []TealUser            `json:"users"`
	Authorisations   []TealAuthorisation   `json:"authorisations"`
	PayrollProviders []TealPayrollProvider `json:"payroll_providers"`
	Accounts         []TealAccountRecord   `json:"accounts"`
}

// TealUser is Teal's user object.
type TealUser struct {
	UserID    string `json:"user_id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	CreatedAt string `json:"created_at"`
}

// TealAuthorisation is a user's recorded consent; creating accounts needs an active, valid one.
// IsValid is false once an active authorisation has expired (one-time terms last a day).
type TealAuthorisation struct {
	ID          string  `json:"id"`
	Status      string  `json:"status"` // "active" or "revoked"
	IsValid     bool    `json:"is_valid"`
	AcceptedAt  string  `json:"accepted_at"`
	CreatedAt   string  `json:"created_at"`
	UserID      string  `json:"user_id"`
	UserAgent   string  `json:"user_agent"`
	RevokedAt   *string `json:"revoked_at"`
	TermID      *string `json:"term_id"`
	IPAddress   *string `json:"ip_address"`
	Fingerprint *string `json:"fingerprint"`
}

// TealSettings tune the fake Teal API. POST /_fake/config takes them under "teal"; Reset
// restores the defaults.
type TealSettings struct {
	// ActivationDelayMS is how long an account stays PENDING once nothing more is asked of the
	// user: after the create for plain credentials, after an accepted MFA answer or OAuth2
	// consent otherwise (inferred: Teal publishes no timings).
	ActivationDelayMS int `json:"activation_delay_ms"`
	// DeleteEnabled lets DELETE /accounts/{id} remove an account. Teal documents no deletion,
	// so by default the route answers 405.
	DeleteEnabled bool `json:"delete_enabled"`
}

func defaultTealSettings() TealSettings {
	return TealSettings{ActivationDelayMS: 100}
}

func (c TealSettings) validate() error {
	if c.ActivationDelayMS < 0 {
		return errors.New("activation_delay_ms must not be negative")
	}
	return nil
}

var _ = registerSettings(APITeal, func(s *Server) *TealSettings { return &s.teal.settings })

// ConfigureTeal changes the fake Teal's settings; fields change leaves alone keep their values.
// It panics when the result is invalid, as that is a bug in the calling test.
func (s *Server) ConfigureTeal(change func(*TealSettings)) {
	configure(s, func(s *Server) *TealSettings { return &s.teal.settings }, change)
}

type tealStore struct {
	settings       TealSettings
	users          []TealUser
	authorisations []TealAuthorisation
	providers      []TealPayrollProvider
	accounts       []*tealAccount
}

func newTealStore() *tealStore {
	return &tealStore{
		settings: defaultTealSettings(),
		users: []TealUser{
			{UserID: TealUserID, Name: "Jane Fake", Email: "jane.fake@example.com", CreatedAt: tealSeedTimestamp},
			{UserID: TealUserWithoutAuthorisation, Name: "Sam Noconsent", Email: "sam.noconsent@example.com", CreatedAt: tealSeedTimestamp},
			{UserID: TealUserRevokedID, Name: "Rita Revoked", Email: "rita.revoked@example.com", CreatedAt: tealSeedTimestamp},
		},
		authorisations: []TealAuthorisation{
			seedTealAuthorisation(TealAuthorisationID, TealUserID, nil),
			seedTealAuthorisation(TealRevokedAuthorisationID, TealUserRevokedID, ptr("2024-03-02T10:00:00.000Z")),
		},
		providers: seedTealProviders(),
	}
}

func seedTealAuthorisation(id, userID string, revokedAt *string) TealAuthorisation {
	a := TealAuthorisation{
		ID: id, Status: tealAuthorisationActive, IsValid: true, AcceptedAt: tealSeedTimestamp, CreatedAt: tealSeedTimestamp,
		UserID: userID, UserAgent: "Mozilla/5.0 (fake)", IPAddress: ptr("192.0.2.10"), Fingerprint: ptr("fake-fingerprint"),
	}
	if revokedAt != nil {
		a.Status, a.IsValid, a.RevokedAt = tealAuthorisationRevoked, false, revokedAt
	}
	return a
}

func (st *tealStore) state() TealState {
	state := TealState{Users: st.users, Authorisations: st.authorisations, PayrollProviders: st.providers}
	for _, account := range st.accounts {
		state.Accounts = append(state.Accounts, account.TealAccountRecord)
	}
	return state
}

// firstWhere returns a pointer to the first item satisfying match, or nil.
func firstWhere[T any](items []T, match func(*T) bool) *T {
	for i := range items {
		if match(&items[i]) {
			return &items[i]
		}
	}
	return nil
}

func (st *tealStore) user(id string) *TealUser {
	return firstWhere(st.users, func(u *TealUser) bool { return u.UserID == id })
}

func (st *tealStore) authorisation(id string) *TealAuthorisation {
	return firstWhere(st.authorisations, func(a *TealAuthorisation) bool { return a.ID == id })
}

// admitAuthorisation applies Teal's rule for account requests: the user needs an active, valid
// authorisation, the pinned one when x-teal-authorisation-id names one. Teal documents the
// rejection but not its status or text; 400 with these messages is inferred.
func (st *tealStore) admitAuthorisation(userID, pinned string) error {
	if pinned == "" {
		for _, a := range st.authorisations {
			if a.UserID == userID && a.Status == tealAuthorisationActive && a.IsValid {
				return nil
			}
		}
		return failure(http.StatusBadRequest, "No active authorisation found for user %s", userID)
	}
	a := st.authorisation(pinned)
	switch {
	case a == nil || a.UserID != userID:
		return failure(http.StatusBadRequest, "Authorisation %s not found for user %s", pinned, userID)
	case a.Status == tealAuthorisationRevoked:
		return failure(http.StatusBadRequest, "Authorisation %s has been revoked", pinned)
	case !a.IsValid:
		return failure(http.StatusBadRequest, "Authorisation %s has expired", pinned)
	}
	return nil
}

// APITeal is the name the API is served under, "/"+APITeal.
const APITeal = "teal"

// TealAPIKey is the development API key the fake Teal accepts.
const TealAPIKey = "fake-teal-api-key"

var _ = registerVendor(vendor{name: APITeal, serve: (*Server).tealAPI, secrets: []string{TealAPIKey},
	reset:    func(s *Server) { s.teal = newTealStore() },
	settle:   func(s *Server, now time.Time) { s.teal.settle(now) },
	snapshot: func(s *Server, state *State) { state.Teal = s.teal.state() }})

func (s *Server) tealAPI() *api {
	a := &api{
		name:            APITeal,
		routes:          http.NewServeMux(),
		admit:           s.tealAdmit,
		writeError:      writeTealError,
		notFoundMessage: func(*http.Request) string { return "Not found" },
	}
	s.handle(a, "POST /users", s.tealCreateUser)
	s.handle(a, "GET /users", s.tealListUsers)
	s.handle(a, "GET /users/{user_id}", s.tealGetUser)
	s.handle(a, "POST /authorisations", s.tealCreateAuthorisation)
	s.handle(a, "GET /authorisations", s.tealListAuthorisations)
	s.handle(a, "GET /authorisations/{id}", s.tealGetAuthorisation)
	s.handle(a, "POST /accounts", s.tealCreateAccount)
	s.handle(a, "GET /accounts", s.tealListAccounts)
	s.handle(a, "GET /accounts/{id}", s.tealGetAccount)
	s.handle(a, "PUT /accounts/{id}/mfa", s.tealSubmitMFA)
	s.handle(a, "DELETE /accounts/{id}", s.tealDeleteAccount)
	s.handle(a, "GET /payroll-providers", s.tealListProviders)
	return a
}

// tealAdmit checks the API key, then brings every account's status up to date so that the
// handler sees what Teal would show now.
func (s *Server) tealAdmit(req *request) error {
	if req.Header.Get("X-API-KEY") != TealAPIKey {
		return failure(http.StatusUnauthorized, tealUnauthorizedText)
	}
	s.teal.settle(req.now)
	return nil
}

func writeTealError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string][]string{"errors": {message}})
}

func created(body any) (result, error) { return result{status: http.StatusCreated, body: body}, nil }

// tealRequire refuses the first empty value of its name, value pairs with the seed's own example
// of a 400 message.
func tealRequire(fields ...string) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i+1] == "" {
			return failure(http.StatusBadRequest, "The request is missing the required field `%s`", fields[i])
		}
	}
	return nil
}

func decodeTealBody(req *request, v any) error {
	if decodeBody(req, v) != nil {
		return failure(http.StatusBadRequest, "The request body is not valid JSON")
	}
	return nil
}

type tealPagination struct {
	Offset     int `json:"offset"`
	Limit      int `json:"limit"`
	Count      int `json:"count"`
	TotalCount int `json:"total_count"`
}

// tealList answers {"pagination": {...}, key: [...]}, the shape of every Teal list.
func tealList[T any](req *request, key string, items []T, maxLimit int) (result, error) {
	p, err := parsePage(req.URL.Query(), pageLimits{defaultLimit: 20, minLimit: 1, maxLimit: maxLimit})
	if err != nil {
		return result{}, failure(http.StatusBadRequest, "%v", err)
	}
	selected := pageOf(items, p)
	pagination := tealPagination{Offset: p.offset, Limit: p.limit, Count: len(selected), TotalCount: len(items)}
	return ok(map[string]any{"pagination": pagination, key: selected})
}

// matching returns the items whose field equals want; an empty want keeps every item.
func matching[T any](items []T, want string, field func(T) string) []T {
	var kept []T
	for _, item := range items {
		if want == "" || field(item) == want {
			kept = append(kept, item)
		}
	}
	return kept
}

func (s *Server) tealCreateUser(req *request) (result, error) {
	var body struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	if err := decodeTealBody(req, &body); err != nil {
		return result{}, err
	}
	if err := tealRequire("name", body.Name, "email", body.Email); err != nil {
		return result{}, err
	}
	user := TealUser{UserID: randomUUID(), Name: body.Name, Email: body.Email, CreatedAt: isoMillis(req.now)}
	s.teal.users = append(s.teal.users, user)
	return created(user)
}

func (s *Server) tealListUsers(req *request) (result, error) {
	return tealList(req, "users", s.teal.users, 100)
}

func (s *Server) tealGetUser(req *request) (result, error) {
	if user := s.teal.user(req.PathValue("user_id")); user != nil {
		return ok(user)
	}
	return result{}, failure(http.StatusNotFound, "User not found")
}

func (s *Server) tealCreateAuthorisation(req *request) (result, error) {
	var body struct {
		UserID      string  `json:"user_id"`
		UserAgent   string  `json:"user_agent"`
		TermID      *string `json:"term_id"`
		IPAddress   *string `json:"ip_address"`
		Fingerprint *string `json:"fingerprint"`
	}
	if err := decodeTealBody(req, &body); err != nil {
		return result{}, err
	}
	if err := tealRequire("user_id", body.UserID, "user_agent", body.UserAgent); err != nil {
		return result{}, err
	}
	if s.teal.user(body.UserID) == nil {
		return result{}, failure(http.StatusBadRequest, "User %s not found", body.UserID)
	}
	now := isoMillis(req.now)
	a := TealAuthorisation{
		ID: randomUUID(), Status: tealAuthorisationActive, IsValid: true, AcceptedAt: now, CreatedAt: now,
		UserID: body.UserID, UserAgent: body.UserAgent, TermID: body.TermID, IPAddress: body.IPAddress, Fingerprint: body.Fingerprint,
	}
	s.teal.authorisations = append(s.teal.authorisations, a)
	return created(a)
}

func (s *Server) tealListAuthorisations(req *request) (result, error) {
	query := req.URL.Query()
	userID := query.Get("user_id")
	if err := tealRequire("user_id", userID); err != nil {
		return result{}, err
	}
	authorisations := matching(s.teal.authorisations, userID, func(a TealAuthorisation) string { return a.UserID })
	authorisations = matching(authorisations, query.Get("status"), func(a TealAuthorisation) string { return a.Status })
	return tealList(req, "authorisations", authorisations, 100)
}

// tealGetAuthorisation is inferred: the docs list create and list only.
func (s *Server) tealGetAuthorisation(req *request) (result, error) {
	if a := s.teal.authorisation(req.PathValue("id")); a != nil {
		return ok(a)
	}
	return result{}, failure(http.StatusNotFound, "Authorisation not found")
}

// RevokeTealAuthorisation revokes an authorisation at once, as the user withdrawing consent
// would. It reports whether the authorisation existed.
func (s *Server) RevokeTealAuthorisation(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.teal.authorisation(id)
	if a == nil {
		return false
	}
	a.Status, a.IsValid, a.RevokedAt = tealAuthorisationRevoked, false, ptr(isoMillis(s.clock()))
	return true
}

// lastPayDate is the fake's latest pay date: the last day of the month before now.
func lastPayDate(now time.Time) string {
	firstOfMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	return isoMillis(firstOfMonth.AddDate(0, 0, -1))
}
