package fakeserver

import (
	"net/http"
	"slices"
	"time"
)

// Names of the seeded payroll providers, one per documented login path. The names are fake
// fixtures; Teal publishes no provider list.
const (
	TealProviderCredentials = "quickbooks" // user name and password, no MFA
	TealProviderSMSCode     = "adp"        // MFA: a code sent by SMS
	TealProviderDate        = "iris"       // MFA: a date (date of birth)
	TealProviderPositions   = "sage"       // MFA: characters of a memorable word
	TealProviderOAuth2      = "xero"       // OAuth2: the user consents at authorization_url
	TealProviderDayforce    = "dayforce"   // needs extra_login_params.company_name
)

// The answers the MFA providers accept, and the password every provider rejects (the account
// ends INVALID). Any other password is accepted.
const (
	TealMFACode         = "246810"
	TealMFADate         = "1990-05-17"
	TealMFAPositions    = "tap" // characters 1, 3 and 5 of "tealpay"
	TealInvalidPassword = "wrong-password"
)

// Account statuses. Teal publishes only PENDING; the rest of the lifecycle is inferred from
// its description of statuses ("able to receive data … or invalid or expired").
const (
	TealStatusPending = "PENDING"
	TealStatusActive  = "ACTIVE"
	TealStatusInvalid = "INVALID"
)

const (
	tealAuthCredentials = "credentials"
	tealAuthOAuth2      = "oauth2"
)

// TealPayrollProvider is a seeded payroll provider: how users log in to it, and the MFA it asks
// for (null for none). MFAAnswer is the answer the fake accepts.
type TealPayrollProvider struct {
	Name                     string         `json:"name"`
	AuthType                 string         `json:"auth_type"` // "credentials" or "oauth2"
	MFAMethod                *TealMFAMethod `json:"mfa_method"`
	MFAAnswer                string         `json:"mfa_answer,omitempty"`
	RequiredExtraLoginParams []string       `json:"required_extra_login_params"`
}

// TealMFAMethod is the seed's MfaMethod: CodeMfa, DateMfa or PasswordWithPositions, told apart
// by type.
type TealMFAMethod struct {
	Type      string `json:"type"`
	Source    string `json:"source,omitempty"`
	Format    string `json:"format,omitempty"`
	Message   string `json:"message,omitempty"`
	Positions []int  `json:"positions,omitempty"`
}

func seedTealProviders() []TealPayrollProvider {
	credentials := func(name string, mfa *TealMFAMethod, answer string) TealPayrollProvider {
		return TealPayrollProvider{Name: name, AuthType: tealAuthCredentials, MFAMethod: mfa, MFAAnswer: answer, RequiredExtraLoginParams: []string{}}
	}
	dayforce := credentials(TealProviderDayforce, nil, "")
	dayforce.RequiredExtraLoginParams = []string{"company_name"}
	return []TealPayrollProvider{
		credentials(TealProviderCredentials, nil, ""),
		credentials(TealProviderSMSCode, &TealMFAMethod{Type: "Code", Source: "SMS"}, TealMFACode),
		credentials(TealProviderDate, &TealMFAMethod{Type: "Date", Format: "yyyy-mm-dd", Message: "Date of birth"}, TealMFADate),
		credentials(TealProviderPositions, &TealMFAMethod{Type: "PasswordWithPositions", Positions: []int{1, 3, 5}, Message: "Memorable word"}, TealMFAPositions),
		{Name: TealProviderOAuth2, AuthType: tealAuthOAuth2, RequiredExtraLoginParams: []string{}},
		dayforce,
	}
}

// TealAccount is the seed's AccountsResult, the only account object Teal documents. It has no
// user_id: a client cannot learn an account's user from it. LatestPayDate is left out until the
// account is active (the schema does not allow null).
type TealAccount struct {
	AccountID       string `json:"account_id"`
	PayrollProvider string `json:"payroll_provider"`
	UserName        string `json:"user_name"`
	Status          string `json:"status"`
	CreatedAt       string `json:"created_at"`
	MFAEnabled      bool   `json:"mfa_enabled"`
	LatestPayDate   string `json:"latest_pay_date,omitempty"`
}

// tealCreated is the create answer: AccountsResult plus authorization_url for OAuth2 providers
// and mfa_method for providers that ask for MFA.
type tealCreated struct {
	TealAccount
	AuthorizationURL string         `json:"authorization_url,omitempty"`
	MFAMethod        *TealMFAMethod `json:"mfa_method,omitempty"`
}

// TealAccountRecord is what the fake holds for an account: the API's object plus what it was
// created with (the password included, so tests can check what arrived) and the MFA answers
// submitted, in order.
type TealAccountRecord struct {
	TealAccount
	UserID           string            `json:"user_id"`
	AuthorisationID  string            `json:"authorisation_id,omitempty"`
	Password         string            `json:"password,omitempty"`
	ExtraLoginParams map[string]string `json:"extra_login_params,omitempty"`
	From             string            `json:"from,omitempty"`
	To               string            `json:"to,omitempty"`
	AuthorizationURL string            `json:"authorization_url,omitempty"`
	MFAAnswers       []string          `json:"mfa_answers"`
}

// tealAccount adds the lifecycle: a PENDING account takes outcome at readyAt; a zero readyAt
// waits on the user (an MFA answer or OAuth2 consent).
type tealAccount struct {
	TealAccountRecord
	provider    *TealPayrollProvider
	awaitingMFA bool
	readyAt     time.Time
	outcome     string
}

// settle applies every lifecycle step that is due.
func (st *tealStore) settle(now time.Time) {
	for _, a := range st.accounts {
		if a.Status != TealStatusPending || a.readyAt.IsZero() || now.Before(a.readyAt) {
			continue
		}
		a.Status = a.outcome
		if a.Status == TealStatusActive {
			a.LatestPayDate = lastPayDate(now)
		}
	}
}

// proceed schedules the end of PENDING after the configured delay.
func (st *tealStore) proceed(a *tealAccount, outcome string, now time.Time) {
	a.outcome = outcome
	a.readyAt = now.Add(milliseconds(st.settings.ActivationDelayMS))
}

func (st *tealStore) provider(name string) *TealPayrollProvider {
	return firstWhere(st.providers, func(p *TealPayrollProvider) bool { return p.Name == name })
}

func (st *tealStore) account(id string) (*tealAccount, error) {
	for _, a := range st.accounts {
		if a.AccountID == id {
			return a, nil
		}
	}
	return nil, failure(http.StatusNotFound, "Account not found")
}

type tealCreateRequest struct {
	UserID           string            `json:"user_id"`
	PayrollProvider  string            `json:"payroll_provider"`
	UserName         string            `json:"user_name"`
	Password         string            `json:"password"`
	From             string            `json:"from"`
	To               string            `json:"to"`
	ExtraLoginParams map[string]string `json:"extra_login_params"`
}

func (s *Server) tealCreateAccount(req *request) (result, error) {
	var body tealCreateRequest
	if err := decodeTealBody(req, &body); err != nil {
		return result{}, err
	}
	provider, err := s.teal.admitCreate(body, req.Header.Get("x-teal-authorisation-id"))
	if err != nil {
		return result{}, err
	}
	a := &tealAccount{
		TealAccountRecord: TealAccountRecord{
			TealAccount: TealAccount{
				AccountID: randomUUID(), PayrollProvider: provider.Name, UserName: body.UserName,
				Status: TealStatusPending, CreatedAt: isoMillis(req.now), MFAEnabled: provider.MFAMethod != nil,
			},
			UserID: body.UserID, AuthorisationID: req.Header.Get("x-teal-authorisation-id"), Password: body.Password,
			ExtraLoginParams: body.ExtraLoginParams, From: body.From, To: body.To, MFAAnswers: []string{},
		},
		provider: provider,
	}
	answer := tealCreated{TealAccount: a.TealAccount}
	switch {
	case provider.AuthType == tealAuthOAuth2:
		a.AuthorizationURL = "https://" + provider.Name + ".example/authenticate?redirect_url=https://api.sandbox.goteal.co/auth&state=" + a.AccountID + "&scope=read"
		answer.AuthorizationURL = a.AuthorizationURL
	case body.Password == TealInvalidPassword:
		s.teal.proceed(a, TealStatusInvalid, req.now) // the provider refuses the login before any MFA
	case provider.MFAMethod != nil:
		a.awaitingMFA = true
		answer.MFAMethod = provider.MFAMethod
	default:
		s.teal.proceed(a, TealStatusActive, req.now)
	}
	s.teal.accounts = append(s.teal.accounts, a)
	return created(answer)
}

// admitCreate checks a create request the way Teal documents: required fields, then the user's
// authorisation, then what the provider needs. The messages are inferred.
func (st *tealStore) admitCreate(body tealCreateRequest, pinned string) (*TealPayrollProvider, error) {
	if err := tealRequire("user_id", body.UserID, "payroll_provider", body.PayrollProvider); err != nil {
		return nil, err
	}
	if st.user(body.UserID) == nil {
		return nil, failure(http.StatusBadRequest, "User %s not found", body.UserID)
	}
	if err := st.admitAuthorisation(body.UserID, pinned); err != nil {
		return nil, err
	}
	provider := st.provider(body.PayrollProvider)
	if provider == nil {
		return nil, failure(http.StatusBadRequest, "Unknown payroll provider `%s`", body.PayrollProvider)
	}
	if err := admitLogin(provider, body); err != nil {
		return nil, err
	}
	return provider, admitPeriod(body.From, body.To)
}

func admitLogin(provider *TealPayrollProvider, body tealCreateRequest) error {
	if provider.AuthType == tealAuthCredentials {
		if err := tealRequire("user_name", body.UserName, "password", body.Password); err != nil {
			return err
		}
	}
	for _, name := range provider.RequiredExtraLoginParams {
		if body.ExtraLoginParams[name] == "" {
			return failure(http.StatusBadRequest, "%s connections require `extra_login_params.%s`", provider.Name, name)
		}
	}
	return nil
}

func admitPeriod(from, to string) error {
	var bounds [2]time.Time
	for i, field := range []struct{ name, value string }{{"from", from}, {"to", to}} {
		if field.value == "" {
			continue
		}
		parsed, err := time.Parse(time.RFC3339, field.value)
		if err != nil {
			return failure(http.StatusBadRequest, "`%s` must be a date-time such as 2019-05-17T00:00:00.000Z", field.name)
		}
		bounds[i] = parsed
	}
	if from != "" && to != "" && bounds[0].After(bounds[1]) {
		return failure(http.StatusBadRequest, "`from` must not be after `to`")
	}
	return nil
}

func (s *Server) tealGetAccount(req *request) (result, error) {
	a, err := s.teal.account(req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	return ok(a.TealAccount)
}

// tealListAccounts filters by user, which the fake knows although the objects do not show it.
func (s *Server) tealListAccounts(req *request) (result, error) {
	userID := req.URL.Query().Get("user_id")
	accounts := []TealAccount{}
	for _, a := range s.teal.accounts {
		if userID == "" || a.UserID == userID {
			accounts = append(accounts, a.TealAccount)
		}
	}
	return tealList(req, "accounts", accounts, 1000)
}

// tealSubmitMFA takes the answer to the provider's MFA question. Teal documents the route and
// its AccountsResult answer (still PENDING); refusing an unexpected or wrong answer with 400 is
// inferred.
func (s *Server) tealSubmitMFA(req *request) (result, error) {
	a, err := s.teal.account(req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	if err := s.teal.admitAuthorisation(a.UserID, req.Header.Get("x-teal-authorisation-id")); err != nil {
		return result{}, err
	}
	var body struct {
		MFA string `json:"mfa"`
	}
	if err := decodeTealBody(req, &body); err != nil {
		return result{}, err
	}
	if err := tealRequire("mfa", body.MFA); err != nil {
		return result{}, err
	}
	if !a.awaitingMFA {
		return result{}, failure(http.StatusBadRequest, "Account %s is not waiting for an MFA response", a.AccountID)
	}
	a.MFAAnswers = append(a.MFAAnswers, body.MFA)
	if body.MFA != a.provider.MFAAnswer {
		return result{}, failure(http.StatusBadRequest, "The MFA response was not accepted by %s", a.provider.Name)
	}
	a.awaitingMFA = false
	s.teal.proceed(a, TealStatusActive, req.now)
	return ok(a.TealAccount)
}

// tealDeleteAccount answers 405: Teal documents no way to delete an account. Tests that need
// one turn DeleteEnabled on.
func (s *Server) tealDeleteAccount(req *request) (result, error) {
	if !s.teal.settings.DeleteEnabled {
		return result{}, &apiError{status: http.StatusMethodNotAllowed, message: "Method Not Allowed", header: map[string]string{"Allow": "GET"}}
	}
	a, err := s.teal.account(req.PathValue("id"))
	if err != nil {
		return result{}, err
	}
	s.teal.accounts = slices.DeleteFunc(s.teal.accounts, func(other *tealAccount) bool { return other == a })
	return result{status: http.StatusNoContent}, nil
}

// AuthorizeTealAccount completes an OAuth2 account's consent, as the user visiting its
// authorization_url would; the account turns ACTIVE after the activation delay. It reports
// whether an account was waiting for consent.
func (s *Server) AuthorizeTealAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.teal.account(id)
	if err != nil || a.AuthorizationURL == "" || !a.readyAt.IsZero() {
		return false
	}
	s.teal.proceed(a, TealStatusActive, s.clock())
	return true
}

// RemoveTealAccount deletes an account at once, behind Terraform's back. It reports whether the
// account existed.
func (s *Server) RemoveTealAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	before := len(s.teal.accounts)
	s.teal.accounts = slices.DeleteFunc(s.teal.accounts, func(a *tealAccount) bool { return a.AccountID == id })
	return len(s.teal.accounts) < before
}
