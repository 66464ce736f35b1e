// Package poozle manages integration accounts on Poozle, the open-source unified API.
package poozle

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// Settings locate and authenticate one Poozle server.
type Settings struct {
	Endpoint  string
	Token     string
	RateLimit int
}

// DefaultRateLimit is the requests per 10-second window the provider allows itself by default.
// Poozle's server has no rate limit of its own; the provider paces itself the same way for every API.
const DefaultRateLimit = 100

// Client calls the Poozle API.
type Client struct {
	http *transport.Client

	// specs caches each integration definition's specification, which does not change while
	// the provider runs: plans of many accounts of one integration fetch it once.
	specsMu sync.Mutex
	specs   map[string]*Spec
}

// NewClient completes the shared transport settings with Poozle's own.
func NewClient(s Settings, common transport.Config) (*Client, error) {
	cfg := common
	cfg.API = "poozle"
	cfg.BaseURL = s.Endpoint
	cfg.Credentials = transport.StaticHeaders(http.Header{"Authorization": {"Bearer " + s.Token}})
	cfg.RateLimit = s.RateLimit
	cfg.DecodeError = decodeError
	cfg.NotFound = isNotFound
	// The definitions list without its required workspaceId answers NestJS's validation failure
	// naming it: no workspace is needed to tell Poozle from a proxy or another server.
	cfg.Probe = &transport.Probe{Request: transport.Request{Method: http.MethodGet, Path: definitionsPath}, Valid: isPoozle}
	cfg.Secrets = []string{s.Token}
	httpClient, err := transport.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Client{http: httpClient, specs: map[string]*Spec{}}, nil
}

// decodeError reads NestJS's error shape, whose message is a string or, for validation
// failures, a list of strings. Poozle sends no request id.
func decodeError(body []byte) (string, string) {
	var e struct {
		Message json.RawMessage `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil || len(e.Message) == 0 {
		return "", ""
	}
	var one string
	if json.Unmarshal(e.Message, &one) == nil {
		return one, ""
	}
	var many []string
	if json.Unmarshal(e.Message, &many) == nil {
		return strings.Join(many, "; "), ""
	}
	return "", ""
}

// isNotFound recognises nestjs-prisma's answer to a missing record: {statusCode: 404, message}.
func isNotFound(body []byte) bool {
	var e struct {
		StatusCode int             `json:"statusCode"`
		Message    json.RawMessage `json:"message"`
	}
	return json.Unmarshal(body, &e) == nil && e.StatusCode == http.StatusNotFound && len(e.Message) > 0
}

// isPoozle recognises Poozle's answer to the probe: a 400 in NestJS's validation shape that names
// workspaceId (or, from a server that asks for none, a list).
func isPoozle(status int, body []byte) bool {
	var e struct {
		StatusCode int    `json:"statusCode"`
		Error      string `json:"error"`
	}
	if status == http.StatusBadRequest {
		return json.Unmarshal(body, &e) == nil && e.StatusCode == status && strings.Contains(string(body), "workspaceId")
	}
	return transport.JSONArray(status, body)
}

const accountsPath = "/v1/integration_account"

// IntegrationAccount is Poozle's IntegrationAccount. Config holds the integration's credentials
// in clear text, as the API returns them.
type IntegrationAccount struct {
	ID                      string         `json:"integrationAccountId"`
	IntegrationDefinitionID string         `json:"integrationDefinitionId"`
	Config                  map[string]any `json:"integrationConfiguration"`
	AuthType                string         `json:"authType"`
	WorkspaceID             string         `json:"workspaceId"`
	Name                    string         `json:"integrationAccountName"`
	AccountIdentifier       *string        `json:"accountIdentifier"`
	SyncEnabled             bool           `json:"syncEnabled"`
	SyncPeriod              *string        `json:"syncPeriod"`
	LinkID                  *string        `json:"linkId"`
	CreatedAt               string         `json:"createdAt"`
	UpdatedAt               string         `json:"updatedAt"`
}

// CreateRequest is the body of POST /v1/integration_account.
type CreateRequest struct {
	WorkspaceID             string            `json:"workspaceId"`
	IntegrationDefinitionID string            `json:"integrationDefinitionId"`
	Name                    string            `json:"integrationAccountName"`
	AuthType                string            `json:"authType"`
	Config                  map[string]string `json:"config"`
	AccountIdentifier       *string           `json:"accountIdentifier,omitempty"`
	SyncEnabled             bool              `json:"syncEnabled"`
	SyncPeriod              *string           `json:"syncPeriod,omitempty"`
}

// UpdateRequest is the body of POST /v1/integration_account/{id}. Every field is always sent:
// the server replaces config wholesale, turns sync off when syncEnabled is missing and leaves
// syncPeriod as it was when it is missing, so a null clears it.
type UpdateRequest struct {
	Name        string            `json:"integrationAccountName"`
	AuthType    string            `json:"authType"`
	Config      map[string]string `json:"config"`
	SyncEnabled bool              `json:"syncEnabled"`
	SyncPeriod  *string           `json:"syncPeriod"`
}

// CreateIntegrationAccount posts a new account. Poozle does not deduplicate: sending the same
// request twice makes two accounts, so an unanswered create must be looked for, not repeated.
func (c *Client) CreateIntegrationAccount(ctx context.Context, r CreateRequest) (*IntegrationAccount, error) {
	remember(r.Config)
	var account IntegrationAccount
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodPost, Path: accountsPath, Body: r}, &account); err != nil {
		return nil, err
	}
	remember(configStrings(account.Config))
	return &account, nil
}

// IntegrationAccount reads one account. Poozle answers an unknown id with 200 and an empty body;
// that, like a 404, is transport.ErrNotFound.
func (c *Client) IntegrationAccount(ctx context.Context, id string) (*IntegrationAccount, error) {
	account, err := getOrNotFound[IntegrationAccount](ctx, c, accountsPath, id, "integration account")
	if account != nil {
		remember(configStrings(account.Config))
	}
	return account, err
}

// IntegrationAccounts lists a workspace's accounts; the API does not paginate.
func (c *Client) IntegrationAccounts(ctx context.Context, workspaceID string) ([]IntegrationAccount, error) {
	var accounts []IntegrationAccount
	query := url.Values{"workspaceId": {workspaceID}}
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: accountsPath, Query: query}, &accounts); err != nil {
		return nil, err
	}
	for _, a := range accounts {
		remember(configStrings(a.Config))
	}
	return accounts, nil
}

// UpdateIntegrationAccount replaces an account's name, config and sync settings.
func (c *Client) UpdateIntegrationAccount(ctx context.Context, id string, r UpdateRequest) (*IntegrationAccount, error) {
	remember(r.Config)
	var account IntegrationAccount
	// Every field is sent (see UpdateRequest): a second arrival changes nothing.
	request := transport.Request{Method: http.MethodPost, Path: accountsPath, Segments: []string{id}, Body: r, Idempotent: true}
	if _, err := c.http.Do(ctx, request, &account); err != nil {
		return nil, err
	}
	remember(configStrings(account.Config))
	return &account, nil
}

// DeleteIntegrationAccount deletes an account; an unknown id is a 404 (transport.ErrNotFound).
func (c *Client) DeleteIntegrationAccount(ctx context.Context, id string) error {
	_, err := c.http.Do(ctx, transport.Request{Method: http.MethodDelete, Path: accountsPath, Segments: []string{id}}, nil)
	return err
}

// getOrNotFound reads one object, turning Poozle's empty answer for an unknown id into
// transport.ErrNotFound, once the API is shown to be Poozle's: any server may answer nothing.
func getOrNotFound[T any](ctx context.Context, c *Client, collection, id, what string) (*T, error) {
	var found *T
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: collection, Segments: []string{id}}, &found); err != nil {
		return nil, err
	}
	if found != nil {
		return found, nil
	}
	if err := c.http.ConfirmAPI(ctx); err != nil {
		return nil, fmt.Errorf("poozle API: %s %s answered with nothing, which Poozle does for an unknown id, but %w", what, id, err)
	}
	return nil, fmt.Errorf("poozle API: %s %s: %w", what, id, transport.ErrNotFound)
}

// remember registers config values, sent or returned (a refresh token the server rotated), as
// secrets: the whole config is sensitive, and a vendor error may quote any of it. A short value
// is registered only under a key named like a secret: masked as a word in every diagnostic of
// the process, a scope "repo" or an org "acme" would also hide config key names and ordinary
// words, and says little about the credentials.
func remember(config map[string]string) []string {
	var secrets []string
	for key, value := range config {
		if len(value) >= redact.WordLength || secretName(key) {
			secrets = append(secrets, value)
		}
	}
	redact.Add(secrets...)
	return secrets
}

// secretWords are parts of config key names that hold credentials, such as api_key,
// client_secret, refresh_token or password.
var secretWords = []string{"secret", "token", "key", "pass", "pwd", "credential", "auth", "cert", "pin"}

func secretName(key string) bool {
	key = strings.ToLower(key)
	return slices.ContainsFunc(secretWords, func(word string) bool { return strings.Contains(key, word) })
}
