package transport

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrNotFound matches every APIError with status 404, so callers test with errors.Is.
var ErrNotFound = errors.New("not found")

// ErrorDecoder extracts the vendor's own message and request or tracking id from an error body.
// It returns empty strings for what the body does not hold.
type ErrorDecoder func(body []byte) (message, requestID string)

// APIError is a non-2xx answer from an API.
type APIError struct {
	API       string
	Method    string
	Path      string
	Status    int
	Message   string
	RequestID string
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
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) true for a 404.
func (e *APIError) Is(target error) bool {
	return target == ErrNotFound && e.Status == http.StatusNotFound
}

// StatusOf returns the HTTP status of an APIError in err's chain, or 0.
func StatusOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status
	}
	return 0
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
	message, requestID := "", ""
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
	return &APIError{API: c.api, Method: method, Path: path, Status: resp.StatusCode, Message: message, RequestID: requestID}
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
