// Package teal manages payroll accounts on Teal.
package teal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
	"github.com/tf-accounts/terraform-provider-accounts/internal/wait"
)

// DefaultEndpoint is Teal's sandbox, where every new integration starts.
const DefaultEndpoint = "https://api.sandbox.goteal.co"

// Account statuses. Teal documents only PENDING; that an account then turns ACTIVE, or INVALID
// when the provider refuses the login, is inferred from its description of statuses.
const (
	StatusPending = "PENDING"
	StatusActive  = "ACTIVE"
	StatusInvalid = "INVALID"
)

// MFATypes are the MfaMethod variants Teal documents, by their type discriminator.
var MFATypes = []string{"Code", "Date", "PasswordWithPositions"}

// Settings locate and authenticate one Teal client.
type Settings struct {
	Endpoint  string
	APIKey    string
	RateLimit int
}

// DefaultRateLimit is the requests per 10-second window the provider allows itself by default.
// Teal documents no rate limit.
const DefaultRateLimit = 100

// Client calls the Teal API.
type Client struct {
	http     *transport.Client
	pageSize int
	poll     wait.Backoff
	// sandbox is set when the client talks to Teal's sandbox; sandboxWarned once a plan said so.
	sandbox       bool
	sandboxWarned atomic.Bool
	// providers is the payroll provider list, once read (KnownPayrollProviders).
	providersMu sync.Mutex
	providers   []PayrollProvider
}

// NewClient completes the shared transport settings with Teal's own.
func NewClient(s Settings, common transport.Config) (*Client, error) {
	cfg := common
	cfg.API = "teal"
	cfg.BaseURL = s.Endpoint
	cfg.Credentials = transport.StaticHeaders(http.Header{"X-Api-Key": {s.APIKey}})
	cfg.RateLimit = s.RateLimit
	cfg.RequestIDHeaders = []string{"X-Request-Id"}
	cfg.DecodeError = decodeError
	cfg.NotFound = isNotFound
	cfg.Probe = &transport.Probe{
		Request: transport.Request{Method: http.MethodGet, Path: "/users", Query: url.Values{"limit": {"1"}}},
		Valid:   isPage,
	}
	cfg.Secrets = []string{s.APIKey}
	httpClient, err := transport.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Client{
		http: httpClient, pageSize: 1000, poll: wait.Backoff{First: 250 * time.Millisecond, Factor: 2, Max: 5 * time.Second},
		sandbox: strings.TrimRight(s.Endpoint, "/") == DefaultEndpoint,
	}, nil
}

// FirstSandboxNotice reports, once per client (one provider run: one plan or apply), whether the
// client talks to Teal's sandbox, so that the plan says so once, however many accounts it holds.
func (c *Client) FirstSandboxNotice() bool {
	return c.sandbox && c.sandboxWarned.CompareAndSwap(false, true)
}

// decodeError reads Teal's {"errors": [...]}.
func decodeError(body []byte) (string, string) {
	var e struct {
		Errors []string `json:"errors"`
	}
	if json.Unmarshal(body, &e) != nil {
		return "", ""
	}
	return strings.Join(e.Errors, "; "), ""
}

// isNotFound recognises Teal's error shape, {"errors": [...]}, on a 404.
func isNotFound(body []byte) bool {
	var e struct {
		Errors []string `json:"errors"`
	}
	return json.Unmarshal(body, &e) == nil && len(e.Errors) > 0
}

// isPage recognises Teal's paginated list: {"pagination": {...}, "<items>": [...]}.
func isPage(status int, body []byte) bool {
	var page struct {
		Pagination *struct {
			TotalCount *int `json:"total_count"`
		} `json:"pagination"`
	}
	return status == http.StatusOK && json.Unmarshal(body, &page) == nil && page.Pagination != nil && page.Pagination.TotalCount != nil
}

// Account is Teal's AccountsResult. AuthorizationURL and MFAMethod come only with the create
// answer. The object names no user: Teal's account carries no user_id.
type Account struct {
	AccountID        string     `json:"account_id"`
	PayrollProvider  string     `json:"payroll_provider"`
	UserName         string     `json:"user_name"`
	Status           string     `json:"status"`
	CreatedAt        string     `json:"created_at"`
	MFAEnabled       bool       `json:"mfa_enabled"`
	LatestPayDate    string     `json:"latest_pay_date"`
	AuthorizationURL string     `json:"authorization_url"`
	MFAMethod        *MFAMethod `json:"mfa_method"`
}

// MFAMethod is what the payroll provider asks before the login completes: a Code (Source says
// where it is sent), a Date in Format, or the characters at Positions of a memorable word.
type MFAMethod struct {
	Type      string  `json:"type"`
	Source    string  `json:"source"`
	Format    string  `json:"format"`
	Message   string  `json:"message"`
	Positions []int64 `json:"positions"`
}

// NewAccount is the body of POST /accounts.
type NewAccount struct {
	UserID           string            `json:"user_id"`
	PayrollProvider  string            `json:"payroll_provider"`
	UserName         string            `json:"user_name,omitempty"`
	Password         string            `json:"password,omitempty"`
	From             string            `json:"from,omitempty"`
	To               string            `json:"to,omitempty"`
	ExtraLoginParams map[string]string `json:"extra_login_params,omitempty"`
}

// authorisationHeader pins the authorisation Teal checks; empty lets Teal pick an active one.
func authorisationHeader(authorisationID string) http.Header {
	if authorisationID == "" {
		return nil
	}
	return http.Header{"X-Teal-Authorisation-Id": {authorisationID}}
}

// CreateAccount links a payroll account for a user. Teal answers at once with the account
// PENDING; the provider login continues in the background.
func (c *Client) CreateAccount(ctx context.Context, account NewAccount, authorisationID string) (*Account, error) {
	var created Account
	_, err := c.http.Do(ctx, transport.Request{
		Method: http.MethodPost, Path: "/accounts", Body: account, Header: authorisationHeader(authorisationID),
	}, &created)
	if err != nil {
		return nil, err
	}
	return &created, nil
}

// GetAccount reads an account; a 404 matches transport.ErrNotFound.
func (c *Client) GetAccount(ctx context.Context, id string) (*Account, error) {
	var account Account
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: "/accounts", Segments: []string{id}}, &account); err != nil {
		return nil, err
	}
	return &account, nil
}

// ListAccounts returns every account of a user, reading page after page.
func (c *Client) ListAccounts(ctx context.Context, userID string) ([]Account, error) {
	var all []Account
	for page, err := range c.AccountPages(ctx, userID) {
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
	}
	return all, nil
}

// AccountPages reads the accounts of a user a page at a time, the next page only when the
// previous one has been used, each read within the rate limiter. The first error ends the
// sequence.
func (c *Client) AccountPages(ctx context.Context, userID string) iter.Seq2[[]Account, error] {
	return listPages[Account](ctx, c, "/accounts", "accounts", url.Values{"user_id": {userID}}, c.pageSize)
}

// listPages reads a Teal list, {"pagination": {...}, key: [...]}, limit items a page, the next
// page only when the previous one has been used. The first error ends the sequence.
func listPages[T any](ctx context.Context, c *Client, path, key string, filters url.Values, limit int) iter.Seq2[[]T, error] {
	return func(yield func([]T, error) bool) {
		for offset := 0; ; {
			var page map[string]json.RawMessage
			query := url.Values{"offset": {strconv.Itoa(offset)}, "limit": {strconv.Itoa(limit)}}
			maps.Copy(query, filters)
			_, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: path, Query: query}, &page)
			var pagination struct {
				TotalCount int `json:"total_count"`
			}
			var items []T
			if err == nil {
				err = decodePage(page, key, &pagination, &items)
			}
			if err != nil {
				yield(nil, err)
				return
			}
			offset += len(items)
			if !yield(items, nil) || len(items) == 0 || offset >= pagination.TotalCount {
				return
			}
		}
	}
}

// decodePage reads a list page's pagination and its items under key; a page without them has
// none.
func decodePage(page map[string]json.RawMessage, key string, pagination, items any) error {
	for name, into := range map[string]any{"pagination": pagination, key: items} {
		if raw, found := page[name]; found {
			if err := json.Unmarshal(raw, into); err != nil {
				return fmt.Errorf("teal API: the list's %s is malformed: %w", name, err)
			}
		}
	}
	return nil
}

// SubmitMFA answers the provider's MFA question. Teal answers with the account, still PENDING
// while the login completes; a wrong answer is a 400. When the answer fails but the account is
// ACTIVE, the answer was taken (a retried PUT whose first reply was lost is refused as
// unexpected), so the account is returned.
func (c *Client) SubmitMFA(ctx context.Context, id, answer, authorisationID string) (*Account, error) {
	var account Account
	_, err := c.http.Do(ctx, transport.Request{
		Method: http.MethodPut, Path: "/accounts", Segments: []string{id, "mfa"},
		Body: map[string]string{"mfa": answer}, Header: authorisationHeader(authorisationID),
	}, &account)
	if err == nil {
		return &account, nil
	}
	if current, getErr := c.GetAccount(ctx, id); getErr == nil && current.Status == StatusActive {
		return current, nil
	}
	return nil, err
}

// ErrNotDeleted matches a DELETE that Teal itself refused with 404 or 405: Teal documents no
// deletion, so the account may well remain.
var ErrNotDeleted = errors.New("teal did not delete the account")

// DeleteAccount asks Teal to delete an account. A refusal counts as Teal's only when the API is
// shown to be Teal's: a proxy's or a mistyped endpoint's 404 says nothing of the account.
func (c *Client) DeleteAccount(ctx context.Context, id string) error {
	_, err := c.http.Do(ctx, transport.Request{Method: http.MethodDelete, Path: "/accounts", Segments: []string{id}}, nil)
	status := transport.StatusOf(err)
	if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
		return err
	}
	if status == http.StatusNotFound && !errors.Is(err, transport.ErrNotFound) {
		return err
	}
	if unconfirmed := c.http.ConfirmAPI(ctx); unconfirmed != nil {
		return fmt.Errorf("%w; %w", err, unconfirmed)
	}
	return fmt.Errorf("%w: %w", ErrNotDeleted, err)
}

// WaitWhilePending reads the account until its status leaves PENDING, polling less often as
// time goes on, and stops when ctx ends. It returns the last account read.
func (c *Client) WaitWhilePending(ctx context.Context, id string) (*Account, error) {
	var last *Account
	err := c.poll.Until(ctx, func(ctx context.Context) (bool, error) {
		account, err := c.GetAccount(ctx, id)
		if err != nil {
			return false, err
		}
		last = account
		return account.Status != StatusPending, nil
	})
	switch {
	case err == nil:
		return last, nil
	case ctx.Err() != nil && last != nil:
		return last, fmt.Errorf("account %s is still %s: %w", id, last.Status, ctx.Err())
	}
	return nil, err
}
