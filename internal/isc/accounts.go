package isc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
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
	Type          string `json:"type"` // such as STRING, LONG, INT, BOOLEAN, DATE
	IsMulti       bool   `json:"isMulti"`
	IsMultiValued bool   `json:"isMultiValued"`
}

// multiValued reports whether the definition makes its attribute multi-valued.
func (a AttributeDefinition) multiValued() bool { return a.IsMulti || a.IsMultiValued }

// MultiValued reports whether the schema makes an attribute multi-valued; without a schema
// (nil), no attribute is known to be.
func (s *AccountSchema) MultiValued(name string) bool {
	if s == nil {
		return false
	}
	for _, a := range s.Attributes {
		if a.Name == name {
			return a.multiValued()
		}
	}
	return false
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
	account, found, err := c.batches.reads.Get(ctx, id)
	if err != nil || found {
		return account, err
	}
	return c.GetAccount(ctx, id)
}

// FindAccounts returns the accounts of a source whose native identity matches, as ISC's filters
// match: without regard to case. Concurrent lookups on a source share one list request.
func (c *Client) FindAccounts(ctx context.Context, sourceID, nativeIdentity string) ([]Account, error) {
	accounts, _, err := c.batches.lookups(sourceID).Get(ctx, nativeIdentity)
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
