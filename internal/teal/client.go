// Package teal manages payroll accounts on Teal.
package teal

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// ClientSource is what the provider hands to this package's resources.
type ClientSource interface {
	// Teal returns the shared client, or an error naming the missing setting and its environment variable.
	Teal() (*Client, error)
}

// DefaultEndpoint is Teal's sandbox, where every new integration starts.
const DefaultEndpoint = "https://api.sandbox.goteal.co"

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
	http *transport.Client
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
	cfg.Secrets = []string{s.APIKey}
	httpClient, err := transport.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Client{http: httpClient}, nil
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
