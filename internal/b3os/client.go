// Package b3os manages service accounts on B3OS.
package b3os

import (
	"encoding/json"
	"net/http"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// ClientSource is what the provider hands to this package's resources.
type ClientSource interface {
	// B3OS returns the shared client, or an error naming the missing setting and its environment variable.
	B3OS() (*Client, error)
}

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
	cfg.Secrets = []string{s.APIKey}
	httpClient, err := transport.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Client{http: httpClient}, nil
}

// decodeError reads B3OS's envelope {code, message, requestId}; the guide's other documented
// shape {success:false, error:{message}} and a bare {"error": "..."} are read too.
func decodeError(body []byte) (string, string) {
	var e struct {
		Message   string          `json:"message"`
		RequestID string          `json:"requestId"`
		Error     json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return "", ""
	}
	if e.Message != "" {
		return e.Message, e.RequestID
	}
	var text string
	if json.Unmarshal(e.Error, &text) == nil {
		return text, e.RequestID
	}
	var nested struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(e.Error, &nested)
	return nested.Message, e.RequestID
}
