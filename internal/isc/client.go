// Package isc manages accounts on SailPoint Identity Security Cloud: its typed client, the task
// waiter, and the accounts_isc_account resource.
package isc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

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
// limiter and one task-status batcher, serves every resource of a provider instance.
type Client struct {
	http  *transport.Client
	tasks *taskBatcher
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
	cfg.Credentials = transport.ClientCredentials(clientcredentials.Config{ClientID: s.ClientID, ClientSecret: s.ClientSecret, TokenURL: tokenURL})
	cfg.RateLimit = s.RateLimit
	cfg.RequestIDHeaders = []string{"SLPT-Request-ID"}
	cfg.DecodeError = decodeError
	cfg.Secrets = []string{s.ClientSecret}
	httpClient, err := transport.New(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{http: httpClient}
	c.tasks = newTaskBatcher(c.listTasks)
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

// AccountSchema is the part of a source's account schema that identifies accounts.
type AccountSchema struct {
	Name              string `json:"name"`
	IdentityAttribute string `json:"identityAttribute"`
	DisplayAttribute  string `json:"displayAttribute"`
}

type taskRef struct {
	ID string `json:"id"`
}

// GetAccount reads one account; a missing one is transport.ErrNotFound.
func (c *Client) GetAccount(ctx context.Context, id string) (*Account, error) {
	var account Account
	_, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: "/v3/accounts/" + url.PathEscape(id)}, &account)
	if err != nil {
		return nil, err
	}
	return &account, nil
}

// FindAccount returns the account of a source with a native identity, or nil when there is none.
func (c *Client) FindAccount(ctx context.Context, sourceID, nativeIdentity string) (*Account, error) {
	filter := fmt.Sprintf("sourceId eq %s and nativeIdentity eq %s", quote(sourceID), quote(nativeIdentity))
	var accounts []Account
	query := url.Values{"filters": {filter}, "limit": {"2"}}
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: "/v3/accounts", Query: query}, &accounts); err != nil {
		return nil, err
	}
	switch len(accounts) {
	case 0:
		return nil, nil
	case 1:
		return &accounts[0], nil
	}
	return nil, fmt.Errorf("source %s holds %d accounts with native identity %q; expected one", sourceID, len(accounts), nativeIdentity)
}

// quote writes a string literal of ISC's filter grammar.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// SourceAccountSchema returns the account schema of a source.
func (c *Client) SourceAccountSchema(ctx context.Context, sourceID string) (*AccountSchema, error) {
	var schemas []AccountSchema
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: "/v3/sources/" + url.PathEscape(sourceID) + "/schemas"}, &schemas); err != nil {
		return nil, err
	}
	for i := range schemas {
		if schemas[i].Name == "account" {
			return &schemas[i], nil
		}
	}
	return nil, fmt.Errorf("source %s has no account schema", sourceID)
}

// CreateAccount submits an account creation task. ISC treats it as an upsert.
func (c *Client) CreateAccount(ctx context.Context, sourceID string, attributes map[string]any) (string, error) {
	body := map[string]any{"sourceId": sourceID}
	for name, value := range attributes {
		body[name] = value
	}
	return c.submit(ctx, http.MethodPost, "/v3/accounts", map[string]any{"attributes": body})
}

// UpdateAccount submits a task that replaces the attributes of a flat-file account.
func (c *Client) UpdateAccount(ctx context.Context, id string, attributes map[string]any) (string, error) {
	return c.submit(ctx, http.MethodPut, "/v3/accounts/"+url.PathEscape(id), map[string]any{"attributes": attributes})
}

// DeleteAccount submits a task that removes a flat-file account from ISC.
func (c *Client) DeleteAccount(ctx context.Context, id string) (string, error) {
	return c.submit(ctx, http.MethodDelete, "/v3/accounts/"+url.PathEscape(id), nil)
}

// SetDisabled submits a disable or enable task.
func (c *Client) SetDisabled(ctx context.Context, id string, disabled bool) (string, error) {
	action := "/enable"
	if disabled {
		action = "/disable"
	}
	return c.submit(ctx, http.MethodPost, "/v3/accounts/"+url.PathEscape(id)+action, map[string]any{})
}

func (c *Client) submit(ctx context.Context, method, path string, body any) (string, error) {
	var task taskRef
	if _, err := c.http.Do(ctx, transport.Request{Method: method, Path: path, Body: body}, &task); err != nil {
		return "", err
	}
	if task.ID == "" {
		return "", fmt.Errorf("isc API: %s %s answered without a task id", method, path)
	}
	return task.ID, nil
}

// listTasks reads the status of several tasks in one request. Tasks ISC does not show yet are
// absent from the result.
func (c *Client) listTasks(ctx context.Context, ids []string) (map[string]*TaskStatus, error) {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = quote(id)
	}
	query := url.Values{"filters": {"id in (" + strings.Join(quoted, ",") + ")"}, "limit": {strconv.Itoa(len(ids))}}
	var tasks []TaskStatus
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: "/beta/task-status", Query: query}, &tasks); err != nil {
		return nil, err
	}
	byID := make(map[string]*TaskStatus, len(tasks))
	for i := range tasks {
		byID[tasks[i].ID] = &tasks[i]
	}
	return byID, nil
}
