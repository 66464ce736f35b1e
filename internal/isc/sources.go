package isc

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// Source is the part of ISC's Source object the provider uses.
type Source struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	Type           string `json:"type"`      // the connector type, such as "DelimitedFile"
	Connector      string `json:"connector"` // the connector script, such as "delimited-file"
	ConnectionType string `json:"connectionType"`
}

// GetSource reads one source; a missing one is transport.ErrNotFound.
func (c *Client) GetSource(ctx context.Context, id string) (*Source, error) {
	var source Source
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: sourcesPath, Segments: []string{id}}, &source); err != nil {
		return nil, err
	}
	return &source, nil
}

// SourcesNamed returns the sources whose name matches name as ISC's filters match, without
// regard to case: the caller picks the exact ones. Source names are few to a tenant, so one page
// holds them.
func (c *Client) SourcesNamed(ctx context.Context, name string) ([]Source, error) {
	var sources []Source
	query := url.Values{"filters": {"name eq " + quote(name)}, "limit": {strconv.Itoa(maxAccountsPage)}}
	if _, err := c.http.Do(ctx, transport.Request{Method: http.MethodGet, Path: sourcesPath, Query: query}, &sources); err != nil {
		return nil, err
	}
	return sources, nil
}
