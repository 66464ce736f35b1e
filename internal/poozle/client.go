// Package poozle manages integration accounts on Poozle, the open-source unified API.
package poozle

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// ClientSource is what the provider hands to this package's resources.
type ClientSource interface {
	// Poozle returns the shared client, or an error naming the missing setting and its environment variable.
	Poozle() (*Client, error)
}

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
}

// NewClient completes the shared transport settings with Poozle's own.
func NewClient(s Settings, common transport.Config) (*Client, error) {
	cfg := common
	cfg.API = "poozle"
	cfg.BaseURL = s.Endpoint
	cfg.Credentials = transport.StaticHeaders(http.Header{"Authorization": {"Bearer " + s.Token}})
	cfg.RateLimit = s.RateLimit
	cfg.DecodeError = decodeError
	cfg.Secrets = []string{s.Token}
	httpClient, err := transport.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Client{http: httpClient}, nil
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
