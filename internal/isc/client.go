// Package isc manages accounts on SailPoint Identity Security Cloud: its typed client, the task
// waiter, and the accounts_isc_account resource.
package isc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

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
	// batches gather concurrent polls, reads and lookups into shared list requests.
	batches *batches
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
