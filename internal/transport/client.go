// Package transport is the HTTP layer every API client shares: user agent, authentication,
// client-side rate limits, retries that never replay a request the server may have acted on,
// logging with secrets redacted, and typed API errors.
package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
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
	// NotFound tells whether a 404 body has the API's documented not-found shape; without it no
	// 404 means that an object is gone.
	NotFound func(body []byte) bool
	// Probe is a cheap read whose answer shows that the API itself answers at BaseURL (see
	// ConfirmAPI); without it, every vendor-shaped 404 is believed.
	Probe *Probe
	// Settings name the provider settings of this API in error messages.
	Settings Settings
	// AllowHTTP lets BaseURL use plain http for a host that is not loopback.
	AllowHTTP bool
}

// Client sends requests to one API. It is safe for concurrent use and reuses connections.
type Client struct {
	api              string
	baseURL          *url.URL
	userAgent        string
	requestIDHeaders []string
	decodeError      ErrorDecoder
	notFound         func(body []byte) bool
	probe            *Probe
	settings         Settings
	limiter          *rate.Limiter
	retrying         *retryablehttp.Client
	confirmed        atomic.Bool // see ConfirmAPI
}

// dialTimeout bounds a connection attempt: an unreachable network otherwise holds each attempt
// for the system's own limit (minutes), while a reachable API connects in well under a second.
const dialTimeout = 5 * time.Second

// pooledTransport is the connection pool of one client; it keeps a dial shorter than
// cleanhttp's 30 s, so that an unreachable API fails an operation within seconds.
func pooledTransport() *http.Transport {
	pooled := cleanhttp.DefaultPooledTransport()
	pooled.DialContext = (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext
	pooled.TLSHandshakeTimeout = dialTimeout
	return pooled
}

// refuseRedirects returns a redirect as the answer: following it would carry the request, and
// with it the credentials, to wherever the answer points.
func refuseRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// New builds a client: per attempt, requests pass the authenticator, the rate limiter and the
// logger before reaching the pooled connection.
func New(cfg Config) (*Client, error) {
	base, err := ParseBaseURL(cfg.BaseURL, cfg.AllowHTTP)
	if err != nil {
		return nil, fmt.Errorf("%s: the base URL %w", cfg.API, err)
	}
	c := &Client{
		api:              cfg.API,
		baseURL:          base,
		userAgent:        cfg.UserAgent,
		requestIDHeaders: cfg.RequestIDHeaders,
		decodeError:      cfg.DecodeError,
		notFound:         cfg.NotFound,
		probe:            cfg.Probe,
		settings:         cfg.Settings,
		limiter:          newLimiter(cfg.RateLimit, cfg.RateWindow),
	}
	logged := logging{client: c, subsystem: cfg.API, secrets: nonEmpty(cfg.Secrets), bodies: tracesBodies(), next: tracing{next: pooledTransport()}}
	tokenClient := &http.Client{Transport: logged, Timeout: cfg.RequestTimeout, CheckRedirect: refuseRedirects}
	var chain http.RoundTripper = rateLimited{limiter: c.limiter, next: logged}
	if cfg.Credentials != nil {
		chain = authenticating{credentials: cfg.Credentials, tokenClient: tokenClient, origin: base, next: chain}
	}
	c.retrying = &retryablehttp.Client{
		HTTPClient:   &http.Client{Transport: chain, Timeout: cfg.RequestTimeout, CheckRedirect: refuseRedirects},
		RetryMax:     cfg.MaxRetries,
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		CheckRetry:   retryPolicy,
		Backoff:      backoff,
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

// Request is one API call. Path is relative to the base URL and written as sent (a constant such
// as "/v3/accounts"); Segments, such as ids, are appended to it, each escaped once. Body, when not
// nil, is sent as JSON, or as it is when a RawBody (a multipart upload).
type Request struct {
	Method   string
	Path     string
	Segments []string
	Query    url.Values
	Body     any
	Header   http.Header // extra request headers, such as Teal's x-teal-authorisation-id
	// Idempotent says the request may be sent again after it may have reached the server, whatever
	// its method: a POST or PATCH that carries the whole desired state. GET, HEAD, OPTIONS, PUT and
	// DELETE requests are so anyway.
	Idempotent bool
}

// RawBody is a request body sent as it is, with its content type.
type RawBody struct {
	ContentType string
	Data        []byte
}

// Do sends the request and decodes a 2xx JSON answer into out (when out is not nil and the body
// is not empty). Any other answer is an *APIError; a body over MaxResponseBytes or a 2xx body that
// is not the expected JSON is an error naming the status. The response headers are returned.
func (c *Client) Do(ctx context.Context, r Request, out any) (http.Header, error) {
	ctx, tried := withAttempts(ctx)
	req, err := c.newRequest(ctx, &r)
	if err != nil {
		return nil, err
	}
	resp, err := c.retrying.Do(req)
	if err != nil {
		return nil, c.transportError(r, err, tried)
	}
	defer resp.Body.Close()
	err = c.decodeResponse(r, resp, out)
	var notFound *APIError
	if errors.As(err, &notFound) && notFound.VendorNotFound && ctx.Value(probingKey{}) == nil {
		if unconfirmed := c.ConfirmAPI(ctx); unconfirmed != nil {
			notFound.VendorNotFound = false
			notFound.Advice = unconfirmed.Error()
		}
	}
	if wait := tried.refusedWait; wait > 0 && StatusOf(err) != 0 {
		err = fmt.Errorf("%w. The API asked to retry after %s, longer than the operation can wait (the "+
			"operation's timeout, or %s at most); try again later", err, wait.Round(time.Second), maxRetryAfter)
	}
	return resp.Header, err
}

// Probe is a read that only the API answers as Valid says, such as a list of one.
type Probe struct {
	Request Request
	Valid   func(status int, body []byte) bool
}

type probingKey struct{}

// ConfirmAPI tells whether what answers at the base URL is the API, by its Probe: only a
// confirmed API may say that an object is gone. A 404 in the API's shape is confirmed so before
// errors.Is(err, ErrNotFound) holds. A success is remembered for the life of the client.
func (c *Client) ConfirmAPI(ctx context.Context) error {
	if c.probe == nil || c.confirmed.Load() {
		return nil
	}
	var raw json.RawMessage
	_, err := c.Do(context.WithValue(ctx, probingKey{}, true), c.probe.Request, &raw)
	status := StatusOf(err)
	if err == nil {
		status = http.StatusOK
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		raw = apiErr.body
	}
	if (err != nil && status == 0) || !c.probe.Valid(status, raw) {
		return fmt.Errorf("the not-found answer is not believed: what answers at %s did not answer %s %s as the %s API does "+
			"(%s), so the object is kept. Check %s", RedactURLString(c.baseURL.String()), c.probe.Request.Method,
			c.probe.Request.Path, c.api, describe(err, status), c.settings.Endpoint)
	}
	c.confirmed.Store(true)
	return nil
}

func describe(err error, status int) string {
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("answered %d", status)
}

func (c *Client) newRequest(ctx context.Context, r *Request) (*retryablehttp.Request, error) {
	escaped, err := joinPath(c.baseURL.EscapedPath()+r.Path, r.Segments)
	if err != nil {
		return nil, fmt.Errorf("%s API: %s %s: %w", c.api, r.Method, r.Path, err)
	}
	r.Path = strings.TrimPrefix(escaped, c.baseURL.EscapedPath())
	target := *c.baseURL
	if target.Path, err = url.PathUnescape(escaped); err != nil {
		return nil, fmt.Errorf("%s API: %s %s: %w", c.api, r.Method, r.Path, err)
	}
	target.RawPath = escaped
	target.RawQuery = r.Query.Encode()
	var body any
	contentType := "application/json"
	if raw, isRaw := r.Body.(RawBody); isRaw {
		body, contentType = raw.Data, raw.ContentType
	} else if r.Body != nil {
		encoded, err := json.Marshal(r.Body)
		if err != nil {
			return nil, fmt.Errorf("%s API: encoding %s %s: %w", c.api, r.Method, r.Path, err)
		}
		body = encoded
	}
	req, err := retryablehttp.NewRequestWithContext(withIdempotence(ctx, r), r.Method, target.String(), body)
	if err != nil {
		return nil, err
	}
	for name, values := range r.Header {
		req.Header[http.CanonicalHeaderKey(name)] = values
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	return req, nil
}

// transportError turns a failure without a usable answer into an error that names the call; a
// token endpoint refusal becomes an APIError like any other, marked as the token endpoint's.
func (c *Client) transportError(r Request, err error, tried *attempts) error {
	var retrieve *oauth2.RetrieveError
	if errors.As(err, &retrieve) && retrieve.Response != nil {
		return c.tokenRefusal(retrieve)
	}
	var token *tokenError
	if errors.As(err, &token) && !neverSent(err) {
		return fmt.Errorf("%s API: the token request to %s failed: %w. Check %s", c.api,
			RedactURLString(token.url), token.err, c.settings.TokenURL)
	}
	settings := c.settings
	if token != nil {
		settings.Endpoint = c.settings.TokenURL
	}
	return &WireError{API: c.api, Method: r.Method, Path: r.Path, Attempts: tried.count(), Elapsed: time.Since(tried.started),
		NeverSent: neverSent(err), TimedOut: timedOut(err), Settings: settings, Err: err}
}

func (c *Client) tokenRefusal(retrieve *oauth2.RetrieveError) *APIError {
	status := retrieve.Response.StatusCode
	message, requestID := cleanMessage(retrieve.ErrorCode+" "+retrieve.ErrorDescription, maxVendorMessage), ""
	if retrieve.ErrorCode == "" {
		message, requestID = c.vendorMessage(retrieve.Response, retrieve.Body)
	}
	e := &APIError{API: c.api, Method: http.MethodPost, Path: "token endpoint", Status: status, Message: message, RequestID: requestID,
		Token: true, Advice: "Getting an access token failed, so the request was not sent. Check " + c.settings.TokenURL + "; and " + c.settings.Credentials}
	if status >= 300 && status < 400 {
		e.Advice = fmt.Sprintf("The token endpoint redirects to %s; the provider follows no redirects. Set %s to the token endpoint itself",
			RedactURLString(retrieve.Response.Header.Get("Location")), c.settings.TokenURL)
	}
	return e
}

// JSONArray is the Probe.Valid of a list answered as a bare JSON array.
func JSONArray(status int, body []byte) bool {
	trimmed := bytes.TrimSpace(body)
	return status == http.StatusOK && len(trimmed) > 0 && trimmed[0] == '[' && json.Valid(trimmed)
}
