package b3os

import (
	"context"
	"iter"
	"net/http"
	"net/url"

	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// The scopes of an API key (documented: b3os-mcp createApiKey).
const (
	ScopeRead      = "read"
	ScopeReadWrite = "read-write"
)

// Scopes lists every scope, for validators and docs.
var Scopes = []string{ScopeRead, ScopeReadWrite}

// KeyStatusRevoked is the status of a revoked key (inferred: B3OS documents only that "keys can
// be revoked without deleting historical records").
const KeyStatusRevoked = "revoked"

// APIKeyInput is the mint's body, {name, description, scope, serviceAccountId} (documented).
// ExpiresAt is not documented (inferred): B3OS may ignore it, so an ephemeral key is revoked on
// close whatever it holds.
type APIKeyInput struct {
	Name             string `json:"name"`
	Description      string `json:"description"`
	Scope            string `json:"scope"`
	ServiceAccountID string `json:"serviceAccountId"`
	ExpiresAt        string `json:"expiresAt,omitempty"`
}

// MintedAPIKey is the mint's answer, {id, key, name} (documented): the only time B3OS shows the
// raw key (b3sk_...).
type MintedAPIKey struct {
	ID   string `json:"id"`
	Key  string `json:"key"`
	Name string `json:"name"`
}

// APIKey is a key as B3OS lists it, without its secret. Only id and name are documented; the
// other fields are inferred.
type APIKey struct {
	ID               string  `json:"id"`
	Name             string  `json:"name"`
	Description      string  `json:"description"`
	Scope            string  `json:"scope"`
	ServiceAccountID string  `json:"serviceAccountId"`
	Status           string  `json:"status"`
	CreatedAt        string  `json:"createdAt"`
	ExpiresAt        *string `json:"expiresAt"`
	RevokedAt        *string `json:"revokedAt"`
}

// Active reports whether the key still authenticates, as far as its record tells.
func (k *APIKey) Active() bool { return k.Status != KeyStatusRevoked && k.RevokedAt == nil }

const apiKeysPath = "/v1/api-keys" //nolint:gosec // a route, not a credential

// MintAPIKey mints a key. The raw key is registered as a secret before anything else sees it,
// so that no log line or diagnostic shows it.
func (c *Client) MintAPIKey(ctx context.Context, in APIKeyInput) (*MintedAPIKey, error) {
	minted, err := call[MintedAPIKey](ctx, c, transport.Request{Method: http.MethodPost, Path: apiKeysPath, Body: in})
	if err == nil {
		redact.Add(minted.Key)
	}
	return minted, err
}

// GetAPIKey reads a key (inferred route); the error matches transport.ErrNotFound when it is gone.
func (c *Client) GetAPIKey(ctx context.Context, id string) (*APIKey, error) {
	return call[APIKey](ctx, c, transport.Request{Method: http.MethodGet, Path: apiKeysPath, Segments: []string{id}})
}

// RevokeAPIKey revokes a key (inferred route: DELETE, which keeps the key's record); revoking a
// revoked key changes nothing, and the error matches transport.ErrNotFound when it is gone.
func (c *Client) RevokeAPIKey(ctx context.Context, id string) error {
	_, err := c.http.Do(ctx, transport.Request{Method: http.MethodDelete, Path: apiKeysPath, Segments: []string{id}}, nil)
	return err
}

// APIKeyPages reads the keys of a service account a page at a time, revoked ones included
// (inferred route and serviceAccountId filter).
func (c *Client) APIKeyPages(ctx context.Context, serviceAccountID string) iter.Seq2[[]APIKey, error] {
	return pages[APIKey](ctx, c, apiKeysPath, url.Values{"serviceAccountId": {serviceAccountID}})
}

// ActiveAPIKeysNamed lists the active keys of a service account that have name. Names need not
// be unique: a key being rotated and its replacement share one.
func (c *Client) ActiveAPIKeysNamed(ctx context.Context, serviceAccountID, name string) ([]APIKey, error) {
	var named []APIKey
	for keys, err := range c.APIKeyPages(ctx, serviceAccountID) {
		if err != nil {
			return nil, err
		}
		for i := range keys {
			if keys[i].Name == name && keys[i].ServiceAccountID == serviceAccountID && keys[i].Active() {
				named = append(named, keys[i])
			}
		}
	}
	return named, nil
}
