package fakeserver

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"testing"
	"time"
)

func (h *harness) teal(method, path, body string, headers ...string) response {
	h.t.Helper()
	return h.send(method, "/teal"+path, body, append([]string{"X-API-KEY", TealAPIKey}, headers...)...)
}

func tealAccountBody(userID, provider, userName, password, extra string) string {
	return fmt.Sprintf(`{"user_id":%q,"payroll_provider":%q,"user_name":%q,"password":%q%s}`, userID, provider, userName, password, extra)
}

// createTealAccount creates an account for the seeded user and returns the create answer.
func (h *harness) createTealAccount(provider, password string) tealCreated {
	h.t.Helper()
	var account tealCreated
	h.teal("POST", "/accounts", tealAccountBody(TealUserID, provider, "jane@example.com", password, "")).
		expect(h.t, http.StatusCreated).expectContract(h.t, "CreatedAccount").decode(h.t, &account)
	return account
}

func (h *harness) tealAccountStatus(id string) TealAccount {
	h.t.Helper()
	var account TealAccount
	h.teal("GET", "/accounts/"+id, "").expect(h.t, http.StatusOK).expectContract(h.t, "AccountsResult").decode(h.t, &account)
	return account
}

func TestTealReads(t *testing.T) {
	h := newHarness(t)
	user := `{"user_id":"` + TealUserID + `","name":"Jane Fake","email":"jane.fake@example.com","created_at":"$ANY"}`
	authorisation := `{"id":"` + TealAuthorisationID + `","status":"active","is_valid":true,"accepted_at":"$ANY","created_at":"$ANY","user_id":"` + TealUserID +
		`","user_agent":"$ANY","revoked_at":null,"term_id":null,"ip_address":"$ANY","fingerprint":"$ANY"}`
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/users?limit=1", 200, `{"pagination":{"offset":0,"limit":1,"count":1,"total_count":3},"users":[` + user + `]}`},
		{"/users?offset=3&limit=5", 200, `{"pagination":{"offset":3,"limit":5,"count":0,"total_count":3},"users":[]}`},
		{"/users/" + TealUserID, 200, user},
		{"/users/00000000-0000-4000-8000-000000000000", 404, `{"errors":["User not found"]}`},
		{"/users?limit=0", 400, `{"errors":["limit must be an integer between 1 and 100"]}`},
		{"/authorisations?user_id=" + TealUserID, 200, `{"pagination":{"offset":0,"limit":20,"count":1,"total_count":1},"authorisations":[` + authorisation + `]}`},
		{"/authorisations?user_id=" + TealUserID + "&status=revoked", 200, `{"pagination":{"offset":0,"limit":20,"count":0,"total_count":0},"authorisations":[]}`},
		{"/authorisations?user_id=" + TealUserWithoutAuthorisation, 200, `{"pagination":{"offset":0,"limit":20,"count":0,"total_count":0},"authorisations":[]}`},
		{"/authorisations/" + TealRevokedAuthorisationID, 200, `{"id":"` + TealRevokedAuthorisationID + `","status":"revoked","is_valid":false,"accepted_at":"$ANY","created_at":"$ANY","user_id":"` + TealUserRevokedID +
			`","user_agent":"$ANY","revoked_at":"$ANY","term_id":null,"ip_address":"$ANY","fingerprint":"$ANY"}`},
		{"/authorisations", 400, `{"errors":["The request is missing the required field ` + "`user_id`" + `"]}`},
		{"/accounts?user_id=" + TealUserID, 200, `{"pagination":{"offset":0,"limit":20,"count":0,"total_count":0},"accounts":[]}`},
		{"/accounts/00000000-0000-4000-8000-000000000000", 404, `{"errors":["Account not found"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			h.with(t).teal("GET", tt.path, "").expect(t, tt.status).expectJSON(t, tt.want)
		})
	}
}

func TestTealRejectsMissingOrWrongKey(t *testing.T) {
	h := newHarness(t)
	for _, headers := range [][]string{nil, {"X-API-KEY", "wrong"}} {
		h.send("POST", "/teal/accounts", tealAccountBody(TealUserID, TealProviderCredentials, "u", "p", ""), headers...).
			expect(t, http.StatusUnauthorized).expectContract(t, "Error").
			expectJSON(t, `{"errors":["No X-API-KEY header provided or wrong value"]}`)
	}
	if n := len(h.server.State().Teal.Accounts); n != 0 {
		t.Errorf("unauthenticated creates made %d accounts", n)
	}
}

func TestTealCreatesUsersAndAuthorisations(t *testing.T) {
	h := newHarness(t)
	var user TealUser
	h.teal("POST", "/users", `{"name":"New Person","email":"new@example.com"}`).expect(t, http.StatusCreated).decode(t, &user)
	h.teal("POST", "/users", `{"name":"No Email"}`).expect(t, http.StatusBadRequest).
		expectJSON(t, "{\"errors\":[\"The request is missing the required field `email`\"]}")

	// Without consent the new user cannot link an account; after it they can.
	body := tealAccountBody(user.UserID, TealProviderCredentials, "new@example.com", "pw", "")
	h.teal("POST", "/accounts", body).expect(t, http.StatusBadRequest).
		expectJSON(t, `{"errors":["No active authorisation found for user `+user.UserID+`"]}`)
	h.teal("POST", "/authorisations", `{"user_id":"`+user.UserID+`","user_agent":"test"}`).expect(t, http.StatusCreated).
		expectJSON(t, `{"id":"$ANY","status":"active","is_valid":true,"accepted_at":"$ANY","created_at":"$ANY","user_id":"`+user.UserID+
			`","user_agent":"test","revoked_at":null,"term_id":null,"ip_address":null,"fingerprint":null}`)
	h.teal("POST", "/accounts", body).expect(t, http.StatusCreated)
	h.teal("POST", "/authorisations", `{"user_id":"nobody","user_agent":"test"}`).expect(t, http.StatusBadRequest)
}

func TestTealCreateAnswersPerProvider(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		provider, want string
	}{
		{TealProviderCredentials, `{"account_id":"$ANY","payroll_provider":"quickbooks","user_name":"jane@example.com","status":"PENDING","created_at":"$ANY","mfa_enabled":false}`},
		{TealProviderSMSCode, `{"account_id":"$ANY","payroll_provider":"adp","user_name":"jane@example.com","status":"PENDING","created_at":"$ANY","mfa_enabled":true,
			"mfa_method":{"type":"Code","source":"SMS"}}`},
		{TealProviderDate, `{"account_id":"$ANY","payroll_provider":"iris","user_name":"jane@example.com","status":"PENDING","created_at":"$ANY","mfa_enabled":true,
			"mfa_method":{"type":"Date","format":"yyyy-mm-dd","message":"Date of birth"}}`},
		{TealProviderPositions, `{"account_id":"$ANY","payroll_provider":"sage","user_name":"jane@example.com","status":"PENDING","created_at":"$ANY","mfa_enabled":true,
			"mfa_method":{"type":"PasswordWithPositions","positions":[1,3,5],"message":"Memorable word"}}`},
		{TealProviderOAuth2, `{"account_id":"$ANY","payroll_provider":"xero","user_name":"jane@example.com","status":"PENDING","created_at":"$ANY","mfa_enabled":false,
			"authorization_url":"$ANY"}`},
	}
	for _, tt := range tests {
		t.Run(tt.provider, func(t *testing.T) {
			h.with(t).teal("POST", "/accounts", tealAccountBody(TealUserID, tt.provider, "jane@example.com", "pw", "")).
				expect(t, http.StatusCreated).expectContract(t, "CreatedAccount").expectJSON(t, tt.want)
		})
	}
	h.teal("POST", "/accounts", tealAccountBody(TealUserID, TealProviderDayforce, "jane@example.com", "pw", `,"extra_login_params":{"company_name":"ACME Corp"}`)).
		expect(t, http.StatusCreated).expectContract(t, "CreatedAccount")
	// The OAuth2 provider needs no credentials.
	h.teal("POST", "/accounts", `{"user_id":"`+TealUserID+`","payroll_provider":"xero"}`).expect(t, http.StatusCreated).expectContract(t, "CreatedAccount")

	var list response
	for offset := range 7 {
		list = h.teal("GET", fmt.Sprintf("/accounts?user_id=%s&offset=%d&limit=1", TealUserID, offset), "")
		list.expect(t, http.StatusOK).expectContract(t, "AccountsList")
	}
	list.expectJSON(t, `{"pagination":{"offset":6,"limit":1,"count":1,"total_count":7},"accounts":[{"account_id":"$ANY","payroll_provider":"xero","user_name":"","status":"PENDING","created_at":"$ANY","mfa_enabled":false}]}`)
	h.teal("GET", "/accounts?user_id="+TealUserRevokedID, "").expectJSON(t, `{"pagination":{"offset":0,"limit":20,"count":0,"total_count":0},"accounts":[]}`)
}

func TestTealCreateRefusals(t *testing.T) {
	h := newHarness(t)
	h.server.teal.authorisations = append(h.server.teal.authorisations, TealAuthorisation{
		ID: "expired-authorisation", Status: tealAuthorisationActive, IsValid: false, UserID: TealUserID,
	})
	pin := func(id string) []string { return []string{"x-teal-authorisation-id", id} }
	tests := []struct {
		name    string
		body    string
		headers []string
		message string
	}{
		{"no user", `{"payroll_provider":"quickbooks"}`, nil, "The request is missing the required field `user_id`"},
		{"no provider", `{"user_id":"` + TealUserID + `"}`, nil, "The request is missing the required field `payroll_provider`"},
		{"unknown user", tealAccountBody("nobody", "quickbooks", "u", "p", ""), nil, "User nobody not found"},
		{"no authorisation", tealAccountBody(TealUserWithoutAuthorisation, "quickbooks", "u", "p", ""), nil, "No active authorisation found for user " + TealUserWithoutAuthorisation},
		{"only a revoked authorisation", tealAccountBody(TealUserRevokedID, "quickbooks", "u", "p", ""), nil, "No active authorisation found for user " + TealUserRevokedID},
		{"pinned revoked", tealAccountBody(TealUserRevokedID, "quickbooks", "u", "p", ""), pin(TealRevokedAuthorisationID), "Authorisation " + TealRevokedAuthorisationID + " has been revoked"},
		{"pinned expired", tealAccountBody(TealUserID, "quickbooks", "u", "p", ""), pin("expired-authorisation"), "Authorisation expired-authorisation has expired"},
		{"pinned for another user", tealAccountBody(TealUserRevokedID, "quickbooks", "u", "p", ""), pin(TealAuthorisationID), "Authorisation " + TealAuthorisationID + " not found for user " + TealUserRevokedID},
		{"unknown provider", tealAccountBody(TealUserID, "nope", "u", "p", ""), nil, "Unknown payroll provider `nope`"},
		{"no password", tealAccountBody(TealUserID, "quickbooks", "u", "", ""), nil, "The request is missing the required field `password`"},
		{"no user name", tealAccountBody(TealUserID, "adp", "", "p", ""), nil, "The request is missing the required field `user_name`"},
		{"dayforce without company", tealAccountBody(TealUserID, "dayforce", "u", "p", `,"extra_login_params":{"region":"eu"}`), nil, "dayforce connections require `extra_login_params.company_name`"},
		{"malformed from", tealAccountBody(TealUserID, "quickbooks", "u", "p", `,"from":"2024-13-01"`), nil, "`from` must be a date-time such as 2019-05-17T00:00:00.000Z"},
		{"from after to", tealAccountBody(TealUserID, "quickbooks", "u", "p", `,"from":"2024-02-01T00:00:00Z","to":"2024-01-01T00:00:00Z"`), nil, "`from` must not be after `to`"},
		{"not json", `{`, nil, "The request body is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.with(t).teal("POST", "/accounts", tt.body, tt.headers...).expect(t, http.StatusBadRequest).
				expectContract(t, "Error").expectJSON(t, fmt.Sprintf(`{"errors":[%q]}`, tt.message))
		})
	}
	if n := len(h.server.State().Teal.Accounts); n != 0 {
		t.Errorf("refused creates made %d accounts", n)
	}
	// A pinned, active authorisation is recorded with the account.
	h.teal("POST", "/accounts", tealAccountBody(TealUserID, "quickbooks", "u", "p", ""), pin(TealAuthorisationID)...).expect(t, http.StatusCreated)
	if got := h.server.State().Teal.Accounts[0].AuthorisationID; got != TealAuthorisationID {
		t.Errorf("authorisation_id = %q", got)
	}
}

func TestTealCredentialsLifecycle(t *testing.T) {
	h := newHarness(t)
	h.server.ConfigureTeal(func(s *TealSettings) { s.ActivationDelayMS = 500 })
	good := h.createTealAccount(TealProviderCredentials, "correct horse")
	bad := h.createTealAccount(TealProviderCredentials, TealInvalidPassword)

	h.clock.Advance(499 * time.Millisecond)
	if got := h.tealAccountStatus(good.AccountID); got.Status != TealStatusPending || got.LatestPayDate != "" {
		t.Fatalf("before the delay: %+v", got)
	}
	h.clock.Advance(time.Millisecond)
	if got := h.tealAccountStatus(good.AccountID); got.Status != TealStatusActive || got.LatestPayDate != "2025-05-31T00:00:00.000Z" {
		t.Errorf("after the delay: %+v", got)
	}
	if got := h.tealAccountStatus(bad.AccountID); got.Status != TealStatusInvalid || got.LatestPayDate != "" {
		t.Errorf("wrong password: %+v", got)
	}
	record := h.server.State().Teal.Accounts[0]
	if record.UserID != TealUserID || record.Password != "correct horse" || record.Status != TealStatusActive {
		t.Errorf("stored record = %+v", record)
	}
}

func TestTealMFAFlowPerMethod(t *testing.T) {
	h := newHarness(t)
	for provider, answer := range map[string]string{TealProviderSMSCode: TealMFACode, TealProviderDate: TealMFADate, TealProviderPositions: TealMFAPositions} {
		t.Run(provider, func(t *testing.T) {
			h := h.with(t)
			account := h.createTealAccount(provider, "pw")
			h.clock.Advance(time.Hour)
			if got := h.tealAccountStatus(account.AccountID); got.Status != TealStatusPending {
				t.Fatalf("an unanswered MFA account left PENDING: %+v", got)
			}
			mfa := "/accounts/" + account.AccountID + "/mfa"
			h.teal("PUT", mfa, `{"mfa":"wrong"}`).expect(t, http.StatusBadRequest).expectContract(t, "Error").
				expectJSON(t, `{"errors":["The MFA response was not accepted by `+provider+`"]}`)
			h.teal("PUT", mfa, `{}`).expect(t, http.StatusBadRequest)
			h.teal("PUT", mfa, fmt.Sprintf(`{"mfa":%q}`, answer)).expect(t, http.StatusOK).expectContract(t, "AccountsResult").
				expectJSON(t, `{"account_id":"`+account.AccountID+`","payroll_provider":"`+provider+`","user_name":"jane@example.com","status":"PENDING","created_at":"$ANY","mfa_enabled":true}`)
			h.clock.Advance(100 * time.Millisecond)
			if got := h.tealAccountStatus(account.AccountID); got.Status != TealStatusActive {
				t.Errorf("after the answer: %+v", got)
			}
			h.teal("PUT", mfa, fmt.Sprintf(`{"mfa":%q}`, answer)).expect(t, http.StatusBadRequest).
				expectJSON(t, `{"errors":["Account `+account.AccountID+` is not waiting for an MFA response"]}`)
		})
	}
	records := h.server.State().Teal.Accounts
	if len(records) != 3 || len(records[0].MFAAnswers) != 2 || records[0].MFAAnswers[0] != "wrong" {
		t.Errorf("recorded answers = %+v", records)
	}
}

func TestTealMFANeedsAnAuthorisation(t *testing.T) {
	h := newHarness(t)
	account := h.createTealAccount(TealProviderSMSCode, "pw")
	h.server.RevokeTealAuthorisation(TealAuthorisationID)
	h.teal("PUT", "/accounts/"+account.AccountID+"/mfa", `{"mfa":"`+TealMFACode+`"}`).expect(t, http.StatusBadRequest).
		expectJSON(t, `{"errors":["No active authorisation found for user `+TealUserID+`"]}`)
	h.teal("PUT", "/accounts/nope/mfa", `{"mfa":"1"}`).expect(t, http.StatusNotFound)
}

func TestTealOAuth2AccountWaitsForConsent(t *testing.T) {
	h := newHarness(t)
	account := h.createTealAccount(TealProviderOAuth2, "")
	h.clock.Advance(time.Hour)
	if got := h.tealAccountStatus(account.AccountID); got.Status != TealStatusPending {
		t.Fatalf("before consent: %+v", got)
	}
	if !h.server.AuthorizeTealAccount(account.AccountID) || h.server.AuthorizeTealAccount(account.AccountID) {
		t.Fatal("consent should be taken once")
	}
	h.clock.Advance(100 * time.Millisecond)
	if got := h.tealAccountStatus(account.AccountID); got.Status != TealStatusActive {
		t.Errorf("after consent: %+v", got)
	}
}

func TestTealDeletionIsRefusedUnlessEnabled(t *testing.T) {
	h := newHarness(t)
	account := h.createTealAccount(TealProviderCredentials, "pw")
	resp := h.teal("DELETE", "/accounts/"+account.AccountID, "").expect(t, http.StatusMethodNotAllowed)
	resp.expectContract(t, "Error").expectJSON(t, `{"errors":["Method Not Allowed"]}`)
	if resp.header.Get("Allow") != "GET" {
		t.Errorf("Allow = %q", resp.header.Get("Allow"))
	}
	var effective map[string]TealSettings
	h.send("POST", "/_fake/config", `{"teal":{"delete_enabled":true}}`).expect(t, http.StatusOK).decode(t, &effective)
	if effective["teal"] != (TealSettings{ActivationDelayMS: 100, DeleteEnabled: true}) {
		t.Errorf("effective settings = %+v", effective)
	}
	h.teal("DELETE", "/accounts/"+account.AccountID, "").expect(t, http.StatusNoContent)
	h.teal("DELETE", "/accounts/"+account.AccountID, "").expect(t, http.StatusNotFound)

	h.server.Reset()
	if h.server.teal.settings != defaultTealSettings() {
		t.Errorf("Reset kept settings %+v", h.server.teal.settings)
	}
}

func TestTealSettingsRejectNegativeDelay(t *testing.T) {
	h := newHarness(t)
	h.send("POST", "/_fake/config", `{"teal":{"activation_delay_ms":-1}}`).expect(t, http.StatusBadRequest)
	defer func() {
		if recover() == nil {
			t.Error("a negative delay was accepted")
		}
	}()
	New().ConfigureTeal(func(s *TealSettings) { s.ActivationDelayMS = -1 })
}

func TestTealStateShowsSeedsWithTheirMFAMethods(t *testing.T) {
	h := newHarness(t)
	var raw struct {
		Teal struct {
			Users            []TealUser                   `json:"users"`
			Authorisations   []TealAuthorisation          `json:"authorisations"`
			PayrollProviders []map[string]json.RawMessage `json:"payroll_providers"`
		} `json:"teal"`
	}
	h.send("GET", "/_fake/state", "").expect(t, http.StatusOK).decode(t, &raw)
	if len(raw.Teal.Users) != 3 || len(raw.Teal.Authorisations) != 2 || raw.Teal.Authorisations[1].Status != "revoked" {
		t.Errorf("users and authorisations = %v %v", raw.Teal.Users, raw.Teal.Authorisations)
	}
	methods := map[string]string{}
	for _, p := range raw.Teal.PayrollProviders {
		var name string
		var method *struct{ Type string }
		if json.Unmarshal(p["name"], &name) != nil || p["mfa_method"] == nil || json.Unmarshal(p["mfa_method"], &method) != nil {
			t.Fatalf("provider %s lacks name or mfa_method", p)
		}
		methods[name] = "null"
		if method != nil {
			methods[name] = method.Type
		}
	}
	want := map[string]string{"quickbooks": "null", "adp": "Code", "iris": "Date", "sage": "PasswordWithPositions", "xero": "null", "dayforce": "null"}
	if !maps.Equal(methods, want) {
		t.Errorf("MFA methods = %v, want %v", methods, want)
	}
}

func TestTealAccountRemovedBehindTheBack(t *testing.T) {
	h := newHarness(t)
	account := h.createTealAccount(TealProviderCredentials, "pw")
	if !h.server.RemoveTealAccount(account.AccountID) || h.server.RemoveTealAccount(account.AccountID) {
		t.Fatal("RemoveTealAccount should remove once")
	}
	h.teal("GET", "/accounts/"+account.AccountID, "").expect(t, http.StatusNotFound)
}

// The providers list (an inferred route) pages in Teal's list envelope; no MFA is an absent
// mfa_method, and only Dayforce requires an extra login parameter.
func TestTealListsPayrollProviders(t *testing.T) {
	h := newHarness(t)
	h.teal("GET", "/payroll-providers?limit=100", "").expect(t, http.StatusOK).expectContract(t, "PayrollProvidersList")
	h.teal("GET", "/payroll-providers?offset=5&limit=1", "").expect(t, http.StatusOK).expectJSON(t,
		`{"pagination":{"offset":5,"limit":1,"count":1,"total_count":6},"payroll_providers":[`+
			`{"name":"dayforce","login_method":"credentials","required_extra_login_params":["company_name"]}]}`)
	h.teal("GET", "/payroll-providers?offset=1&limit=1", "").expect(t, http.StatusOK).expectJSON(t,
		`{"pagination":{"offset":1,"limit":1,"count":1,"total_count":6},"payroll_providers":[`+
			`{"name":"adp","login_method":"credentials","mfa_method":{"type":"Code","source":"SMS"},"required_extra_login_params":[]}]}`)
}
