package fakeserver

import "net/http"

// Ids of the seeded Teal objects.
const (
	TealUserID          = "95a0e70b-fe02-4f47-aef9-2efff279df71"
	TealAuthorisationID = "3b2f4c1e-8d7a-4e5f-9b6c-0a1d2e3f4a5b"
	tealSeedTimestamp   = "2024-03-01T10:00:00.000Z"
)

// TealState holds the fake Teal server's objects.
type TealState struct {
	Users          []TealUser          `json:"users"`
	Authorisations []TealAuthorisation `json:"authorisations"`
	Accounts       []TealAccount       `json:"accounts"`
}

// TealUser is Teal's user object.
type TealUser struct {
	UserID    string `json:"user_id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	CreatedAt string `json:"created_at"`
}

// TealAuthorisation is a user's recorded consent; creating accounts needs an active one.
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
	IPAddress   string  `json:"ip_address"`
	Fingerprint string  `json:"fingerprint"`
}

// TealAccount is Teal's AccountsResult. UserID is not in the documented result; the fake keeps
// it to answer the user_id filter.
type TealAccount struct {
	AccountID       string  `json:"account_id"`
	UserID          string  `json:"user_id"`
	PayrollProvider string  `json:"payroll_provider"`
	UserName        string  `json:"user_name"`
	Status          string  `json:"status"`
	CreatedAt       string  `json:"created_at"`
	MFAEnabled      bool    `json:"mfa_enabled"`
	LatestPayDate   *string `json:"latest_pay_date"`
}

type tealStore struct {
	users          []TealUser
	authorisations []TealAuthorisation
	accounts       []*TealAccount
}

func newTealStore() *tealStore {
	return &tealStore{
		users: []TealUser{{UserID: TealUserID, Name: "Jane Fake", Email: "jane.fake@example.com", CreatedAt: tealSeedTimestamp}},
		authorisations: []TealAuthorisation{{
			ID: TealAuthorisationID, Status: "active", IsValid: true, AcceptedAt: tealSeedTimestamp,
			CreatedAt: tealSeedTimestamp, UserID: TealUserID, UserAgent: "Mozilla/5.0 (fake)",
			IPAddress: "192.0.2.10", Fingerprint: "fake-fingerprint",
		}},
	}
}

func (st *tealStore) state() TealState {
	state := TealState{Users: st.users, Authorisations: st.authorisations}
	for _, account := range st.accounts {
		state.Accounts = append(state.Accounts, *account)
	}
	return state
}

func (s *Server) tealAPI() *api {
	a := &api{
		name:            APITeal,
		routes:          http.NewServeMux(),
		admit:           tealAdmit,
		writeError:      writeTealError,
		notFoundMessage: func(*http.Request) string { return "Not found" },
	}
	s.handle(a, "GET /users", s.tealListUsers)
	s.handle(a, "GET /users/{user_id}", s.tealGetUser)
	s.handle(a, "GET /authorisations", s.tealListAuthorisations)
	s.handle(a, "GET /accounts", s.tealListAccounts)
	return a
}

func tealAdmit(req *request) error {
	if req.Header.Get("X-API-KEY") != TealAPIKey {
		return failure(http.StatusUnauthorized, "Invalid API key")
	}
	return nil
}

func writeTealError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string][]string{"errors": {message}})
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

func (s *Server) tealListUsers(req *request) (result, error) {
	return tealList(req, "users", s.teal.users, 100)
}

func (s *Server) tealGetUser(req *request) (result, error) {
	for _, user := range s.teal.users {
		if user.UserID == req.PathValue("user_id") {
			return ok(user)
		}
	}
	return result{}, failure(http.StatusNotFound, "User not found")
}

func (s *Server) tealListAuthorisations(req *request) (result, error) {
	query := req.URL.Query()
	userID := query.Get("user_id")
	if userID == "" {
		return result{}, failure(http.StatusBadRequest, "user_id is required")
	}
	authorisations := matching(s.teal.authorisations, userID, func(a TealAuthorisation) string { return a.UserID })
	authorisations = matching(authorisations, query.Get("status"), func(a TealAuthorisation) string { return a.Status })
	return tealList(req, "authorisations", authorisations, 100)
}

func (s *Server) tealListAccounts(req *request) (result, error) {
	accounts := matching(s.teal.accounts, req.URL.Query().Get("user_id"), func(a *TealAccount) string { return a.UserID })
	return tealList(req, "accounts", accounts, 1000)
}
