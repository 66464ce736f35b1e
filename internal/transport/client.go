// Package transport is the HTTP layer every API client shares: user agent, authentication,
// client-side rate limits, retries that never replay a request the server may have acted on,
// logging with secrets redacted, and typed API errors.
package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
	"golang.org/x/time/rate"
)

// Config describes one API for its client.
type Config struct {
	API            string        // short name: the log subsystem and the prefix of error messages
	BaseURL        string        // every request path is relative to it
	UserAgent      string        // see UserAgent
	Credentials    Credentials   // nil for none
	RateLimit      int           // requests allowed in any RateWindow; 0 disables the limiter
	RateWindow     time.Duration //
	MaxRetries     int           // retries after the first attempt
	RetryWaitMin   time.Duration // backoff bounds when the server gives no Retry-After
	RetryWaitMax   time.Duration //
	RequestTimeout time.Duration // per attempt; 0 for none
	// RequestIDHeaders name the response headers that carry the vendor's request id.
	RequestIDHeaders []string
	// DecodeError reads the vendor's message and request id from an error body.
	DecodeError ErrorDecoder
	// Secrets are literal values (keys, client secrets) masked wherever they would be logged.
	Secrets []string
}

// Client sends requests to one API. It is safe for concurrent use and reuses connections.
type Client struct {
	api              string
	baseURL          *url.URL
	userAgent        string
	requestIDHeaders []string
	decodeError      ErrorDecoder
	limiter          *rate.Limiter
	retrying         *retryablehttp.Client
}

// New builds a client: per attempt, requests pass the authenticator, the rate limiter and the
// logger before reaching the pooled connection.
func New(cfg Config) (*Client, error) {
	base, err := url.Parse(strings.TrimSuffix(cfg.BaseURL, "/"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("%s: base URL %q is not an absolute http(s) URL", cfg.API, cfg.BaseURL)
	}
	c := &Client{
		api:              cfg.API,
		baseURL:          base,
		userAgent:        cfg.UserAgent,
		requestIDHeaders: cfg.RequestIDHeaders,
		decodeError:      cfg.DecodeError,
		limiter:          newLimiter(cfg.RateLimit, cfg.RateWindow),
	}
	logged := logging{client: c, subsystem: cfg.API, secrets: nonEmpty(cfg.Secrets), bodies: tracesBodies(), next: cleanhttp.DefaultPooledTransport()}
	tokenClient := &http.Client{Transport: logged, Timeout: cfg.RequestTimeout}
	var chain http.RoundTripper = rateLimited{limiter: c.limiter, next: logged}
	if cfg.Credentials != nil {
		chain = authenticating{credentials: cfg.Credentials, tokenClient: tokenClient, next: chain}
	}
	c.retrying = &retryablehttp.Client{
		HTTPClient:   &http.Client{Transport: chain, Timeout: cfg.RequestTimeout},
		RetryMax:     cfg.MaxRetries,
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		CheckRetry:   retryPolicy,
		Backoff:      retryablehttp.DefaultBackoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return c, nil
}

func nonEmpty(values []string) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Request is one API call. Path is relative to the base URL; Body, when not nil, is sent as JSON.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Body   any
	Header http.Header // extra request headers, such as Teal's x-teal-authorisation-id
}

// Do sends the request and decodes a 2xx JSON answer into out (when out is not nil and the body
// is not empty). Any other answer is an *APIError; a body over MaxResponseBytes or a 2xx body that
// is not the expected JSON is an error naming the status. The response headers are returned.
func (c *Client) Do(ctx context.Context, r Request, out any) (http.Header, error) {
	req, err := c.newRequest(ctx, r)
	if err != nil {
		return nil, err
	}
	resp, err := c.retrying.Do(req)
	if err != nil {
		return nil, c.transportError(r, err)
	}
	defer resp.Body.Close()
	return resp.Header, c.decodeResponse(r, resp, out)
}

func (c *Client) newRequest(ctx context.Context, r Request) (*retryablehttp.Request, error) {
	target := *c.baseURL
	target.Path = c.baseURL.Path + r.Path
	target.RawQuery = r.Query.Encode()
	var body any
	if r.Body != nil {
		encoded, err := json.Marshal(r.Body)
		if err != nil {
			return nil, fmt.Errorf("%s API: encoding %s %s: %w", c.api, r.Method, r.Path, err)
		}
		body = encoded
	}
	req, err := retryablehttp.NewRequestWithContext(withMethod(ctx, r.Method), r.Method, target.String(), body)
	if err != nil {
		return nil, err
	}
	for name, values := range r.Header {
		req.Header[http.CanonicalHeaderKey(name)] = values
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// transportError turns a failure without a usable answer into an error that names the call; a
// token endpoint refusal becomes an APIError like any other.
func (c *Client) transportError(r Request, err error) error {
	var retrieve *oauth2.RetrieveError
	if errors.As(err, &retrieve) && retrieve.Response != nil {
		message := cleanMessage(retrieve.ErrorCode+" "+retrieve.ErrorDescription, maxVendorMessage)
		return &APIError{API: c.api, Method: http.MethodPost, Path: "token endpoint", Status: retrieve.Response.StatusCode, Message: message}
	}
	return fmt.Errorf("%s API: %s %s: %w", c.api, r.Method, r.Path, err)
}
