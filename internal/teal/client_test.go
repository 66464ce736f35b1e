package teal

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
	"github.com/tf-accounts/terraform-provider-accounts/internal/wait"
)

func TestErrorsListIsDecoded(t *testing.T) {
	if got, _ := decodeError([]byte(`{"errors":["Invalid API key","Try again"]}`)); got != "Invalid API key; Try again" {
		t.Errorf("got %q", got)
	}
}

// newTestClient is a client of a fresh fake server that polls fast.
func newTestClient(t *testing.T) (*Client, *fakeserver.Server) {
	t.Helper()
	server := fakeserver.New()
	listener := httptest.NewServer(server)
	t.Cleanup(listener.Close)
	client, err := NewClient(Settings{Endpoint: listener.URL + "/teal", APIKey: fakeserver.TealAPIKey}, transport.Config{MaxRetries: 2})
	if err != nil {
		t.Fatal(err)
	}
	client.poll = wait.Backoff{First: 5 * time.Millisecond, Factor: 2, Max: 20 * time.Millisecond}
	return client, server
}

func newAccount(provider, password string) NewAccount {
	return NewAccount{UserID: fakeserver.TealUserID, PayrollProvider: provider, UserName: "jane@example.com", Password: password}
}

// mustCreate creates an account for the seeded user, letting Teal pick the authorisation.
func mustCreate(t *testing.T, client *Client, account NewAccount) *Account {
	t.Helper()
	created, err := client.CreateAccount(context.Background(), account, "")
	if err != nil {
		t.Fatal(err)
	}
	return created
}

func TestCreateThenWaitUntilActive(t *testing.T) {
	client, server := newTestClient(t)
	server.ConfigureTeal(func(s *fakeserver.TealSettings) { s.ActivationDelayMS = 60 })
	ctx := context.Background()
	created, err := client.CreateAccount(ctx, newAccount(fakeserver.TealProviderCredentials, "pw"), fakeserver.TealAuthorisationID)
	if err != nil {
		t.Fatal(err)
	}
	if created.Status != StatusPending || created.MFAMethod != nil || created.AuthorizationURL != "" {
		t.Errorf("created = %+v", created)
	}
	active, err := client.WaitWhilePending(ctx, created.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	if active.Status != StatusActive || active.LatestPayDate == "" || active.AccountID != created.AccountID {
		t.Errorf("after waiting = %+v", active)
	}
	if polls := server.RequestCount(fakeserver.APITeal, "GET", "/accounts/"); polls < 2 || polls > 8 {
		t.Errorf("waiting took %d reads", polls)
	}
	if got := server.State().Teal.Accounts[0].AuthorisationID; got != fakeserver.TealAuthorisationID {
		t.Errorf("the pinned authorisation did not arrive: %q", got)
	}
}

func TestWrongPasswordEndsInvalid(t *testing.T) {
	client, _ := newTestClient(t)
	ctx := context.Background()
	created := mustCreate(t, client, newAccount(fakeserver.TealProviderCredentials, fakeserver.TealInvalidPassword))
	if account, err := client.WaitWhilePending(ctx, created.AccountID); err != nil || account.Status != StatusInvalid {
		t.Errorf("got %+v, %v", account, err)
	}
}

func TestWaitStopsAtTheDeadline(t *testing.T) {
	client, server := newTestClient(t)
	server.ConfigureTeal(func(s *fakeserver.TealSettings) { s.ActivationDelayMS = 60_000 })
	created := mustCreate(t, client, newAccount(fakeserver.TealProviderCredentials, "pw"))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	started := time.Now()
	account, err := client.WaitWhilePending(ctx, created.AccountID)
	if !errors.Is(err, context.DeadlineExceeded) || account == nil || account.Status != StatusPending {
		t.Errorf("got %+v, %v", account, err)
	}
	if elapsed := time.Since(started); elapsed > time.Second {
		t.Errorf("waited %s past a 100ms deadline", elapsed)
	}
}

func TestCreateRefusalCarriesTealsMessage(t *testing.T) {
	client, _ := newTestClient(t)
	account := newAccount(fakeserver.TealProviderCredentials, "pw")
	account.UserID = fakeserver.TealUserRevokedID
	_, err := client.CreateAccount(context.Background(), account, fakeserver.TealRevokedAuthorisationID)
	var apiErr *transport.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest || apiErr.Message != "Authorisation "+fakeserver.TealRevokedAuthorisationID+" has been revoked" {
		t.Errorf("err = %v", err)
	}
}

func TestMFAMethodAndAnswer(t *testing.T) {
	client, _ := newTestClient(t)
	ctx := context.Background()
	created := mustCreate(t, client, newAccount(fakeserver.TealProviderPositions, "pw"))
	if m := created.MFAMethod; m == nil || m.Type != "PasswordWithPositions" || m.Message != "Memorable word" || len(m.Positions) != 3 || m.Positions[2] != 5 {
		t.Fatalf("mfa_method = %+v", m)
	}
	if _, err := client.SubmitMFA(ctx, created.AccountID, "nope", ""); transport.StatusOf(err) != http.StatusBadRequest ||
		!strings.Contains(err.Error(), "The MFA response was not accepted by sage") {
		t.Errorf("wrong answer: %v", err)
	}
	accepted, err := client.SubmitMFA(ctx, created.AccountID, fakeserver.TealMFAPositions, fakeserver.TealAuthorisationID)
	if err != nil || accepted.Status != StatusPending {
		t.Fatalf("right answer: %+v, %v", accepted, err)
	}
	if account, err := client.WaitWhilePending(ctx, created.AccountID); err != nil || account.Status != StatusActive {
		t.Errorf("after the answer: %+v, %v", account, err)
	}
}

func TestOAuth2AccountCarriesItsAuthorizationURL(t *testing.T) {
	client, _ := newTestClient(t)
	created := mustCreate(t, client, NewAccount{UserID: fakeserver.TealUserID, PayrollProvider: fakeserver.TealProviderOAuth2})
	if !strings.HasPrefix(created.AuthorizationURL, "https://xero.example/authenticate?") || !strings.Contains(created.AuthorizationURL, created.AccountID) {
		t.Errorf("authorization_url = %q", created.AuthorizationURL)
	}
}

func TestListAccountsReadsEveryPage(t *testing.T) {
	client, server := newTestClient(t)
	client.pageSize = 2
	ctx := context.Background()
	var want []string
	for range 5 {
		want = append(want, mustCreate(t, client, newAccount(fakeserver.TealProviderCredentials, "pw")).AccountID)
	}
	accounts, err := client.ListAccounts(ctx, fakeserver.TealUserID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range accounts {
		got = append(got, a.AccountID)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("listed %v, want %v", got, want)
	}
	if pages := server.RequestCount(fakeserver.APITeal, "GET", "/accounts"); pages != 3 {
		t.Errorf("read %d pages, want 3", pages)
	}
	if others, err := client.ListAccounts(ctx, fakeserver.TealUserRevokedID); err != nil || len(others) != 0 {
		t.Errorf("another user's list = %v, %v", others, err)
	}
}

func TestDeleteRefusalsAreErrNotDeleted(t *testing.T) {
	client, server := newTestClient(t)
	ctx := context.Background()
	created := mustCreate(t, client, newAccount(fakeserver.TealProviderCredentials, "pw"))
	if err := client.DeleteAccount(ctx, created.AccountID); !errors.Is(err, ErrNotDeleted) || transport.StatusOf(err) != http.StatusMethodNotAllowed {
		t.Errorf("405: %v", err)
	}
	server.ConfigureTeal(func(s *fakeserver.TealSettings) { s.DeleteEnabled = true })
	if err := client.DeleteAccount(ctx, created.AccountID); err != nil {
		t.Errorf("enabled: %v", err)
	}
	if _, err := client.GetAccount(ctx, created.AccountID); !errors.Is(err, transport.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	if err := client.DeleteAccount(ctx, created.AccountID); !errors.Is(err, ErrNotDeleted) || !errors.Is(err, transport.ErrNotFound) {
		t.Errorf("404: %v", err)
	}
}

func TestMFAAnswerWhoseReplyWasLostCountsAsAccepted(t *testing.T) {
	client, server := newTestClient(t)
	server.ConfigureTeal(func(s *fakeserver.TealSettings) { s.ActivationDelayMS = 0 })
	created := mustCreate(t, client, newAccount(fakeserver.TealProviderSMSCode, "pw"))
	server.AddFault(fakeserver.Fault{API: fakeserver.APITeal, Method: "PUT", Path: "/accounts/", Drop: "after", Times: 1})
	account, err := client.SubmitMFA(context.Background(), created.AccountID, fakeserver.TealMFACode, "")
	if err != nil || account.Status != StatusActive {
		t.Fatalf("got %+v, %v", account, err)
	}
	if puts := server.RequestCount(fakeserver.APITeal, "PUT", "/accounts/"); puts != 2 {
		t.Errorf("the server got %d PUTs, want the lost one and its retry", puts)
	}
	// A wrong answer to a PENDING account stays an error.
	other := mustCreate(t, client, newAccount(fakeserver.TealProviderSMSCode, "pw"))
	if _, err := client.SubmitMFA(context.Background(), other.AccountID, "000000", ""); transport.StatusOf(err) != http.StatusBadRequest {
		t.Errorf("wrong answer: %v", err)
	}
}
