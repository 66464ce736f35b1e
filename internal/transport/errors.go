package transport

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ErrNotFound matches an APIError the API's own not-found shape marks (see Config.NotFound), so
// callers test with errors.Is. A 404 of any other shape (a proxy's page, a mistyped endpoint)
// does not match: only the API may say that an object is gone.
var ErrNotFound = errors.New("not found")

// ErrorDecoder extracts the vendor's own message and request or tracking id from an error body.
// It returns empty strings for what the body does not hold.
type ErrorDecoder func(body []byte) (message, requestID string)

// Settings name, for error messages, the provider settings that govern one API: each as the
// attribute with its environment variable, such as "isc.base_url (SAILPOINT_BASE_URL)".
type Settings struct {
	Endpoint    string
	TokenURL    string // "" for an API without a token endpoint
	Credentials string
}

// Names of the provider settings that govern every request, for error messages.
const (
	requestTimeoutSetting = "request_timeout (ACCOUNTS_REQUEST_TIMEOUT)"
	maxRetriesSetting     = "max_retries (ACCOUNTS_MAX_RETRIES)"
)

// APIError is a non-2xx answer from an API, or from its token endpoint (Token).
type APIError struct {
	API       string
	Method    string
	Path      string
	Status    int
	Message   string
	RequestID string
	// Token marks an answer of the token endpoint: the API request itself was never sent.
	Token bool
	// VendorNotFound marks a 404 in the API's documented not-found shape.
	VendorNotFound bool
	// Advice says what to do about it, naming the settings involved; may be empty.
	Advice string
	body   []byte // for ConfirmAPI's probe
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s API: %s %s returned %d %s", e.API, e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	if e.Advice != "" {
		fmt.Fprintf(&b, ". %s", e.Advice)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) true for a vendor-shaped 404 of the API itself.
func (e *APIError) Is(target error) bool {
	return target == ErrNotFound && e.VendorNotFound && !e.Token
}

// StatusOf returns the HTTP status of an APIError in err's chain, or 0.
func StatusOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status
	}
	return 0
}

// TokenFailed reports an error of the token endpoint: the API request it was for was never sent.
func TokenFailed(err error) bool {
	var apiErr *APIError
	var token *tokenError
	return (errors.As(err, &apiErr) && apiErr.Token) || errors.As(err, &token)
}

// WireError is a request that got no answer to decode: it says how many attempts were made over
// how long, whether any of them can have reached the server, and which settings govern it.
type WireError struct {
	API, Method, Path string
	Attempts          int
	Elapsed           time.Duration
	// NeverSent: no attempt reached a server (refused, unresolvable, unreachable, TLS failed), so
	// the server cannot have acted on the request.
	NeverSent bool
	TimedOut  bool
	Settings  Settings
	Err       error
}

func (e *WireError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s API: %s %s failed after %d attempt%s over %.1f s: %v. ", e.API, e.Method, e.Path,
		e.Attempts, plural(e.Attempts), e.Elapsed.Seconds(), e.Err)
	switch {
	case e.NeverSent:
		fmt.Fprintf(&b, "The request never reached a server, so nothing was done. Check %s", e.Settings.Endpoint)
	case e.TimedOut:
		fmt.Fprintf(&b, "The server took no answer within %s. Check %s", requestTimeoutSetting, e.Settings.Endpoint)
	default:
		fmt.Fprintf(&b, "Check %s", e.Settings.Endpoint)
	}
	fmt.Fprintf(&b, "; %s and %s govern the retries.", requestTimeoutSetting, maxRetriesSetting)
	return b.String()
}

func (e *WireError) Unwrap() error { return e.Err }

// NeverSent reports an error of a request that surely never reached a server.
func NeverSent(err error) bool {
	var wire *WireError
	return errors.As(err, &wire) && wire.NeverSent
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// maxPlainMessage bounds a plain-text body used as a message, so a proxy's error page does not
// flood a diagnostic; maxVendorMessage bounds what a vendor's error decoder extracts (several
// causes joined), so a hostile or broken body cannot either.
const (
	maxPlainMessage  = 300
	maxVendorMessage = 2000
	maxRequestID     = 100
)

func (c *Client) newAPIError(method, path string, resp *http.Response, body []byte) *APIError {
	message, requestID := c.vendorMessage(resp, body)
	e := &APIError{API: c.api, Method: method, Path: path, Status: resp.StatusCode, Message: message, RequestID: requestID, body: body}
	e.VendorNotFound = resp.StatusCode == http.StatusNotFound && c.notFound != nil && c.notFound(body)
	e.Advice = c.advice(e, resp)
	return e
}

// advice names what to check for answers that say the provider talks to the wrong thing or with
// the wrong credentials.
func (c *Client) advice(e *APIError, resp *http.Response) string {
	switch {
	case e.Status >= 300 && e.Status < 400:
		return fmt.Sprintf("It redirects to %s; the provider follows no redirects, so that credentials never leave the "+
			"configured origin. Set %s to the URL the API answers at", RedactURLString(resp.Header.Get("Location")), c.settings.Endpoint)
	case e.Status == http.StatusNotFound && !e.VendorNotFound:
		return fmt.Sprintf("This is not the API's own not-found answer: check that %s is the API's base URL (tried %s)",
			c.settings.Endpoint, RedactURLString(resp.Request.URL.String()))
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		return "Check " + c.settings.Credentials
	}
	return ""
}

// vendorMessage is the message and request id of an error answer, in the vendor's words.
func (c *Client) vendorMessage(resp *http.Response, body []byte) (message, requestID string) {
	if c.decodeError != nil {
		message, requestID = c.decodeError(body)
		message, requestID = cleanMessage(message, maxVendorMessage), cleanMessage(requestID, maxRequestID)
	}
	if message == "" {
		message = plainMessage(body)
	}
	if requestID == "" {
		requestID = c.requestIDFrom(resp.Header)
	}
	return message, requestID
}

func plainMessage(body []byte) string {
	text := strings.TrimSpace(string(body))
	if strings.HasPrefix(text, "<") {
		return "" // an HTML error page from a proxy says nothing the status does not
	}
	return cleanMessage(text, maxPlainMessage)
}

func (c *Client) requestIDFrom(h http.Header) string {
	for _, name := range c.requestIDHeaders {
		if v := h.Get(name); v != "" {
			return cleanMessage(v, maxRequestID)
		}
	}
	return ""
}
