// Package b3os manages service accounts of a B3OS organization: its typed client and the
// accounts_b3os_service_account resource.
package b3os

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// DefaultEndpoint is B3OS's production API.
const DefaultEndpoint = "https://api.b3os.org"

// Settings locate and authenticate one organization.
type Settings struct {
	Endpoint       string
	APIKey         string
	OrganizationID string
	RateLimit      int
}

// DefaultRateLimit is the requests per 10-second window the provider allows itself by default.
// B3OS limits each organization (429 with Retry-After) without publishing the number.
const DefaultRateLimit = 100

// Client calls the B3OS API.
type Client struct {
	http *transport.Client
}

// NewClient completes the shared transport settings with B3OS's own.
func NewClient(s Settings, common transport.Config) (*Client, error) {
	cfg := common
	cfg.API = "b3os"
	cfg.BaseURL = s.Endpoint
	cfg.Credentials = transport.StaticHeaders(http.Header{
		"Authorization": {"Bearer " + s.APIKey},
		"X-Org-Id":      {s.OrganizationID},
	})
	cfg.RateLimit = s.RateLimit
	cfg.RequestIDHeaders = []string{"X-Request-Id"}
	cfg.DecodeError = decodeError
	cfg.NotFound = isNotFound
	cfg.Probe = &transport.Probe{
		Request: transport.Request{Method: http.MethodGet, Path: serviceAccountsPath, Query: url.Values{"limit": {"1"}}},
		Valid:   isEnvelope,
	}
	cfg.Secrets = []string{s.APIKey}
	httpClient, err := transport.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Client{http: httpClient}, nil
}

// ServiceAccount is B3OS's service account.
type ServiceAccount struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	OrganizationID string   `json:"organizationId"`
	Permissions    []string `json:"permissions"`
	Status         string   `json:"status"` // StatusActive or StatusDisabled
	DisabledAt     *string  `json:"disabledAt"`
	CreatedAt      string   `json:"createdAt"`
	CreatedBy      string   `json:"createdBy"`
	UpdatedAt      string   `json:"updatedAt"`
}

// The values of ServiceAccount.Status.
const (
	StatusActive   = "active"
	StatusDisabled = "disabled"
)

// ServiceAccountInput is the body of both create and update: B3OS's PATCH needs name and
// permissions every time and sets all three fields, so it always carries the full desired state.
type ServiceAccountInput struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Permissions []string `json:"permissions"`
}

// envelope is B3OS's success answer, {code, data, message, requestId}; only data matters.
type envelope[T any] struct {
	Data *T `json:"data"`
}

// call sends r and returns the envelope's data, which must be present.
func call[T any](ctx context.Context, c *Client, r transport.Request) (*T, error) {
	var answer envelope[T]
	if _, err := c.http.Do(ctx, r, &answer); err != nil {
		return nil, err
	}
	if answer.Data == nil {
		return nil, fmt.Errorf("b3os API: %s %s: the answer holds no data", r.Method, r.Path)
	}
	return answer.Data, nil
}

const serviceAccountsPath = "/v1/service-accounts"

func serviceAccount(method, id string, segments ...string) transport.Request {
	return transport.Request{Method: method, Path: serviceAccountsPath, Segments: append([]string{id}, segments...)}
}

// CreateServiceAccount creates a service account; B3OS answers 409 when the organization
// already has one of that name.
func (c *Client) CreateServiceAccount(ctx context.Context, in ServiceAccountInput) (*ServiceAccount, error) {
	return call[ServiceAccount](ctx, c, transport.Request{Method: http.MethodPost, Path: serviceAccountsPath, Body: in})
}

// GetServiceAccount reads a service account; the error matches transport.ErrNotFound when it is gone.
func (c *Client) GetServiceAccount(ctx context.Context, id string) (*ServiceAccount, error) {
	return call[ServiceAccount](ctx, c, serviceAccount(http.MethodGet, id))
}

// UpdateServiceAccount replaces the name, description and permissions of a service account; it
// is retried as reads are, since it sends all three.
func (c *Client) UpdateServiceAccount(ctx context.Context, id string, in ServiceAccountInput) (*ServiceAccount, error) {
	request := serviceAccount(http.MethodPatch, id)
	request.Body = in
	request.Idempotent = true // the body is the whole desired state: a second arrival changes nothing
	return call[ServiceAccount](ctx, c, request)
}

// SetServiceAccountDisabled disables or enables a service account.
func (c *Client) SetServiceAccountDisabled(ctx context.Context, id string, disabled bool) (*ServiceAccount, error) {
	action := "enable"
	if disabled {
		action = "disable"
	}
	return call[ServiceAccount](ctx, c, serviceAccount(http.MethodPost, id, action))
}

// DeleteServiceAccount deletes a service account; the error matches transport.ErrNotFound when
// it was already gone.
func (c *Client) DeleteServiceAccount(ctx context.Context, id string) error {
	_, err := c.http.Do(ctx, serviceAccount(http.MethodDelete, id), nil)
	return err
}

// page is B3OS's paginated list.
type page[T any] struct {
	Items   []T  `json:"items"`
	Limit   int  `json:"limit"`
	Offset  int  `json:"offset"`
	HasMore bool `json:"hasMore"`
}

// pageSize is the page the B3OS SDK's own find-by-name uses.
const pageSize = 100

// FindServiceAccountByName pages through the organization's service accounts, as the B3OS SDK
// does, and returns the one named name, or nil when there is none. Names are unique in an
// organization.
func (c *Client) FindServiceAccountByName(ctx context.Context, name string) (*ServiceAccount, error) {
	for list, err := range c.ServiceAccountPages(ctx) {
		if err != nil {
			return nil, err
		}
		for i := range list {
			if list[i].Name == name {
				return &list[i], nil
			}
		}
	}
	return nil, nil
}
