// Package isc manages accounts on SailPoint Identity Security Cloud: its typed client, the task
// waiter, and the accounts_isc_account resource.
package isc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// ClientSource is what the provider hands to this package's resources.
type ClientSource interface {
	// ISC returns the shared client, or an error naming the missing setting and its environment variable.
	ISC() (*Client, error)
}

// Settings locate and authenticate one tenant.
type Settings struct {
	BaseURL      string // https://{tenant}.api.identitynow.com
	TokenURL     string // defaults to BaseURL + "/oauth/token"
	ClientID     string
	ClientSecret string
	RateLimit    int // requests per rate window; SailPoint's gateway allows 100 per client id and 10 s
}

// DefaultRateLimit is SailPoint's documented limit per client id and 10-second window.
const DefaultRateLimit = 100

// Client calls the ISC endpoints that accounts need. One client, and so one token, one rate
// limiter and one set of batchers (batches.go), serves every resource of a provider instance.
type Client struct {
	http *transport.Client
	pace taskPace // how long this tenant's tasks take
	*batches
}

// NewClient completes the shared transport settings with ISC's own.
func NewClient(s Settings, common transport.Config) (*Client, error) {
	tokenURL := s.TokenURL
	if tokenURL == "" {
		tokenURL = strings.TrimSuffix(s.BaseURL, "/") + "/oauth/token"
	}
	cfg := common
	cfg.API = "isc"
	cfg.BaseURL = s.BaseURL
	// In the header only: oauth2's auto-detection retries a refused header with the secret in
	// the form body, a second copy of it on the wire.
	cfg.Credentials = transport.ClientCredentials(clientcredentials.Config{ClientID: s.ClientID, ClientSecret: s.ClientSecret,
		TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInHeader})
	cfg.RateLimit = s.RateLimit
	cfg.RequestIDHeaders = []string{"SLPT-Request-ID"}
	cfg.DecodeError = decodeError
	cfg.NotFound = isNotFound
	cfg.Probe = &transport.Probe{
		Request: transport.Request{Method: http.MethodGet, Path: accountsPath, Query: url.Values{"limit": {"1"}}},
		Valid:   transport.JSONArray,
	}
	cfg.Secrets = []string{s.ClientSecret}
	httpClient, err := transport.New(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{http: httpClient}
	c.batches = newBatches(c)
	return c, nil
}

// decodeError reads the three error shapes ISC answers with: ErrorResponseDto, the gateway's
// {"error": ...} for 401 and {"message": ...} for 429; some backends use detailMessage.
func decodeError(body []byte) (string, string) {
	var e struct {
		DetailCode    string           `json:"detailCode"`
		TrackingID    string           `json:"trackingId"`
		Messages      []localizedError `json:"messages"`
		Causes        []localizedError `json:"causes"`
		DetailMessage string           `json:"detailMessage"`
		Error         string           `json:"error"`
		Message       string           `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil {
		return "", ""
	}
	texts := make([]string, 0, len(e.Messages)+len(e.Causes))
	for _, m := range append(e.Messages, e.Causes...) {
		if m.Text != "" && !contains(texts, m.Text) {
			texts = append(texts, m.Text)
		}
	}
	message := strings.Join(texts, "; ")
	for _, alternative := range []string{e.DetailMessage, e.Error, e.Message} {
		if message == "" {
			message = strings.TrimSpace(alternative)
		}
	}
	if e.DetailCode != "" && message != "" {
		message = e.DetailCode + ": " + message
	}
	return message, e.TrackingID
}

// isNotFound recognises ISC's ErrorResponseDto: a 404 of the API carries a detail code and a
// tracking id; a gateway's or a proxy's 404 does not.
func isNotFound(body []byte) bool {
	var e struct {
		DetailCode string `json:"detailCode"`
		TrackingID string `json:"trackingId"`
	}
	return json.Unmarshal(body, &e) == nil && e.DetailCode != "" && e.TrackingID != ""
}

type localizedError struct {
	Text string `json:"text"`
}

func contains(values []string, v string) bool {
	for _, existing := range values {
		if existing == v {
			return true
		}
	}
	return false
}

// Paths of SailPoint's current per-API family (accounts/v1, task-status/v1, sources/v1); v3 and
// beta are legacy collections, and beta is supported only until Q1 2027.
const (
	accountsPath    = "/accounts/v1"
	taskStatusPath  = "/task-status/v1"
	sourcesPath     = "/sources/v1"
	maxAccountsPage = 250
)

// Account is the part of ISC's Account object the resource uses.
type Account struct {
	ID             string         `json:"id"`
	Name           string         `json:"name"`
	NativeIdentity string         `json:"nativeIdentity"`
	SourceID       string         `json:"sourceId"`
	SourceName     string         `json:"sourceName"`
	IdentityID     string         `json:"identityId"`
	Disabled       bool           `json:"disabled"`
	Locked         bool           `json:"locked"`
	Uncorrelated   bool           `json:"uncorrelated"`
	Created        string         `json:"created"`
	Modified       string         `json:"modified"`
	Attributes     map[string]any `json:"attributes"`
}

// AccountSchema is the part of a source's account schema that identifies accounts and says which
// attributes are multi-valued.
type AccountSchema struct {
	Name              string                `json:"name"`
	IdentityAttribute string                `json:"identityAttribute"`
	DisplayAttribute  string                `json:"displayAttribute"`
	Attributes        []AttributeDefinition `json:"attributes"`
}

// AttributeDefinition is one attribute of a source schema. ISC's current reference names the
// multi-valued flag isMulti; the v3 Schema of older references names it isMultiValued. Either
// counts.
type AttributeDefinition struct {
	Name          string `json:"name"`
	IsMulti       bool   `json:"isMulti"`
	IsMultiValued bool   `json:"isMultiValued"`
}

// MultiValued reports whether the schema makes an attribute multi-valued; without a schema
// (nil), no attribute is known to be.
func (s *AccountSchema) MultiValued(name string) bool {
	if s == nil {
		return false
	}
	for _, a := range s.Attributes {
		if a.Name == name {
			return a.IsMulti || a.IsMultiValued
		}
	}
	return false
}

// NewAccount is what a create asks ISC for.
type NewAccount struct {
	SourceID       string
	NativeIdentity string
	Attributes     map[string]any
}

// GetAccount reads one account; a missing one is transport.ErrNotFound.
func (c *Client) GetAccount(ctx context.Context, id string) (*Account, error) {
	var account Account
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: accountsPath, Segments: []string{id}}, &account); err != nil {
		return nil, err
	}
	return &account, nil
}

// ReadAccount reads one account as GetAccount does, in one list request shared with concurrent
// reads. An account the list leaves out is read directly before it is reported gone: a list may
// lag behind, and only a direct 404 says the account is gone.
func (c *Client) ReadAccount(ctx context.Context, id string) (*Account, error) {
	account, found, err := c.reads.Get(ctx, id)
	if err != nil || found {
		return account, err
	}
	return c.GetAccount(ctx, id)
}

// FindAccounts returns the accounts of a source whose native identity matches, as ISC's filters
// match: without regard to case. Concurrent lookups on a source share one list request.
func (c *Client) FindAccounts(ctx context.Context, sourceID, nativeIdentity string) ([]Account, error) {
	accounts, _, err := c.lookups(sourceID).Get(ctx, nativeIdentity)
	return accounts, err
}

// FindAccount returns the account of a source whose native identity is exactly nativeIdentity,
// or nil: an account whose identity differs only in case is another account.
func (c *Client) FindAccount(ctx context.Context, sourceID, nativeIdentity string) (*Account, error) {
	accounts, err := c.FindAccounts(ctx, sourceID, nativeIdentity)
	if err != nil {
		return nil, err
	}
	return exactMatch(accounts, nativeIdentity), nil
}

func exactMatch(accounts []Account, nativeIdentity string) *Account {
	for i := range accounts {
		if accounts[i].NativeIdentity == nativeIdentity {
			return &accounts[i]
		}
	}
	return nil
}

// quote writes a string literal of ISC's filter grammar.
func quote(s string) string {
	return `"` + filterEscapes.Replace(s) + `"`
}

var filterEscapes = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// SourceAccountSchema returns the account schema of a source. SailPoint serves source schemas
// to user tokens only (personal access tokens with idn:source-schema:read): an API client
// gets 403.
func (c *Client) SourceAccountSchema(ctx context.Context, sourceID string) (*AccountSchema, error) {
	var schemas []AccountSchema
	request := transport.Request{Method: http.MethodGet, Path: sourcesPath, Segments: []string{sourceID, "schemas"}}
	if _, err := c.http.Do(ctx, request, &schemas); err != nil {
		return nil, err
	}
	for i := range schemas {
		if schemas[i].Name == "account" {
			return &schemas[i], nil
		}
	}
	return nil, fmt.Errorf("source %s has no account schema", sourceID)
}

// SubmitCreate submits an account creation task and returns its id. ISC's create is an upsert.
func (c *Client) SubmitCreate(ctx context.Context, want NewAccount) (string, error) {
	body := map[string]any{"sourceId": want.SourceID}
	for name, value := range want.Attributes {
		body[name] = value
	}
	return c.submit(ctx, transport.Request{Method: http.MethodPost, Path: accountsPath, Body: map[string]any{"attributes": body}})
}

// AwaitCreate waits for a create task, submits it again after a TEMPERROR (reporting each new
// task to resubmitted), and returns the account once ISC shows it. The account found while
// waiting is the answer: a lookup after the task would only find it again.
func (c *Client) AwaitCreate(ctx context.Context, taskID string, want NewAccount, resubmitted func(taskID string)) (*Account, error) {
	var made *Account
	created := func(ctx context.Context) (bool, error) {
		account, err := c.FindAccount(ctx, want.SourceID, want.NativeIdentity)
		if account != nil && holds(account.Attributes, want.Attributes) {
			made = account
		}
		return made != nil, err
	}
	resubmit := func(ctx context.Context) (string, error) {
		next, err := c.SubmitCreate(ctx, want)
		if err == nil {
			resubmitted(next)
		}
		return next, err
	}
	if err := c.await(ctx, taskID, watch{shows: created, shared: true}, resubmit); err != nil {
		return nil, err
	}
	if made != nil {
		return made, nil
	}
	return c.visible(ctx, want)
}

// visible returns the created account, allowing ISC a moment to show it.
func (c *Client) visible(ctx context.Context, want NewAccount) (*Account, error) {
	var account *Account
	err := visibility.Until(ctx, func(ctx context.Context) (bool, error) {
		var err error
		account, err = c.FindAccount(ctx, want.SourceID, want.NativeIdentity)
		return account != nil, err
	})
	if err != nil {
		return nil, fmt.Errorf("account %q on source %s not visible yet: %w", want.NativeIdentity, want.SourceID, err)
	}
	return account, nil
}

// CreateOutcome looks once for what a create whose outcome was lost made: the account, or nil.
// A create task known to have failed, with no account, made nothing: that is a *TaskError.
func (c *Client) CreateOutcome(ctx context.Context, want NewAccount, taskID string) (*Account, error) {
	account, err := c.FindAccount(ctx, want.SourceID, want.NativeIdentity)
	if err != nil || account != nil || taskID == "" {
		return account, err
	}
	task, _, err := c.tasks.Get(ctx, taskID)
	if err != nil {
		return nil, err
	}
	if task == nil || !task.done() || task.Succeeded() {
		return nil, nil // still running, or not shown: the outcome is still unknown
	}
	return nil, taskError(task)
}

// SettleCreate lets a create whose outcome was lost end, and returns what it made, or nil: it
// waits for the create task, or, when even its id was lost, watches for the account for a while.
func (c *Client) SettleCreate(ctx context.Context, want NewAccount, taskID string) (*Account, error) {
	if taskID != "" {
		exists := func(ctx context.Context) (bool, error) {
			account, err := c.FindAccount(ctx, want.SourceID, want.NativeIdentity)
			return account != nil, err
		}
		var taskErr *TaskError
		if err := c.awaitTask(ctx, taskID, watch{shows: exists, shared: true}); err != nil && !errors.As(err, &taskErr) {
			return nil, err
		}
		return c.FindAccount(ctx, want.SourceID, want.NativeIdentity)
	}
	watch, cancel := context.WithTimeout(ctx, lostCreateWatch)
	defer cancel()
	account, err := c.visible(watch, want)
	if err != nil && ctx.Err() == nil {
		return nil, nil // nothing appeared: the lost create never ran
	}
	return account, err
}

// lostCreateWatch is how long a create whose answer, task id included, was lost may take to
// show: ISC runs account tasks within seconds.
const lostCreateWatch = 30 * time.Second

// UpdateAccount replaces the attributes of a flat-file account and returns it once updated.
func (c *Client) UpdateAccount(ctx context.Context, id string, attributes map[string]any) (*Account, error) {
	updated := func(ctx context.Context) (bool, error) {
		account, err := c.GetAccount(ctx, id)
		return err == nil && holds(account.Attributes, attributes), err
	}
	err := c.runTask(ctx, func(ctx context.Context) (string, error) {
		return c.submit(ctx, transport.Request{Method: http.MethodPut, Path: accountsPath, Segments: []string{id}, Body: map[string]any{"attributes": attributes}})
	}, updated)
	if err != nil {
		return nil, err
	}
	return c.GetAccount(ctx, id)
}

// SetDisabled runs the disable or enable task and returns the account once it took effect.
func (c *Client) SetDisabled(ctx context.Context, id string, disabled bool) (*Account, error) {
	action := "enable"
	if disabled {
		action = "disable"
	}
	toggled := func(ctx context.Context) (bool, error) {
		account, err := c.GetAccount(ctx, id)
		return err == nil && account.Disabled == disabled, err
	}
	err := c.runTask(ctx, func(ctx context.Context) (string, error) {
		return c.submit(ctx, transport.Request{Method: http.MethodPost, Path: accountsPath, Segments: []string{id, action}, Body: map[string]any{}})
	}, toggled)
	if err != nil {
		return nil, err
	}
	return c.GetAccount(ctx, id)
}

// DeleteAccount removes a flat-file account from ISC. An account that is gone counts as deleted,
// whatever a task says: a DELETE sent again after its answer was lost starts a second task,
// which fails once the first has removed the account.
func (c *Client) DeleteAccount(ctx context.Context, id string) error {
	gone := func(ctx context.Context) (bool, error) {
		_, err := c.GetAccount(ctx, id)
		if errors.Is(err, transport.ErrNotFound) {
			return true, nil
		}
		return false, err
	}
	return c.runTask(ctx, func(ctx context.Context) (string, error) {
		return c.submit(ctx, transport.Request{Method: http.MethodDelete, Path: accountsPath, Segments: []string{id}})
	}, gone)
}

type taskRef struct {
	ID string `json:"id"`
}

func (c *Client) submit(ctx context.Context, request transport.Request) (string, error) {
	var task taskRef
	if _, err := c.http.Do(ctx, request, &task); err != nil {
		return "", err
	}
	if task.ID == "" {
		return "", fmt.Errorf("isc API: %s %s answered without a task id", request.Method, request.Path)
	}
	return task.ID, nil
}
