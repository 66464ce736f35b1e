package transport

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
)

// Credentials authenticate the requests of one API client.
type Credentials interface {
	// apply sets the authentication headers; tokenClient is the logged, unauthenticated client
	// used to fetch tokens.
	apply(req *http.Request, tokenClient *http.Client) error
	// invalidate drops cached credentials after a 401 and tells whether a retry may succeed.
	invalidate() bool
}

// StaticHeaders authenticates with fixed headers such as an API key.
func StaticHeaders(h http.Header) Credentials { return staticHeaders(h) }

type staticHeaders http.Header

func (s staticHeaders) apply(req *http.Request, _ *http.Client) error {
	for name, values := range s {
		req.Header[name] = values
	}
	return nil
}

func (staticHeaders) invalidate() bool { return false }

// tokenRefreshMargin renews a token this long before it expires, so that a request never leaves
// with a token that expires in flight.
const tokenRefreshMargin = time.Minute

// ClientCredentials authenticates with an OAuth2 client-credentials bearer token, fetched once and
// shared by every request of the client until shortly before it expires.
func ClientCredentials(cfg clientcredentials.Config) Credentials {
	return &bearerToken{config: cfg}
}

type bearerToken struct {
	config clientcredentials.Config
	mu     sync.Mutex // serialises refreshes: concurrent requests wait for one token fetch
	token  *oauth2.Token
}

func (b *bearerToken) apply(req *http.Request, tokenClient *http.Client) error {
	token, err := b.current(req.Context(), tokenClient)
	if err != nil {
		return err
	}
	token.SetAuthHeader(req)
	return nil
}

func (b *bearerToken) current(ctx context.Context, tokenClient *http.Client) (*oauth2.Token, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.token != nil && time.Until(b.token.Expiry) > tokenRefreshMargin {
		return b.token, nil
	}
	token, err := b.config.Token(context.WithValue(ctx, oauth2.HTTPClient, tokenClient))
	if err != nil {
		return nil, &tokenError{url: b.config.TokenURL, err: err}
	}
	redact.Add(token.AccessToken) // masked wherever a vendor or a log line may repeat it
	b.token = token
	return token, nil
}

func (b *bearerToken) invalidate() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.token = nil
	return true
}

// tokenError is a failed token request: the API request it was for was never sent.
type tokenError struct {
	url string
	err error
}

func (e *tokenError) Error() string { return "getting an access token: " + e.err.Error() }
func (e *tokenError) Unwrap() error { return e.err }

// authenticating applies credentials to every attempt and, after an unexpected 401, refreshes
// them and sends the request once more: a 401 means the server did not act on it. Credentials
// go only to the configured origin.
type authenticating struct {
	credentials Credentials
	tokenClient *http.Client
	origin      *url.URL
	next        http.RoundTripper
}

func (a authenticating) RoundTrip(req *http.Request) (*http.Response, error) {
	if !sameOrigin(req.URL, a.origin) {
		return nil, fmt.Errorf("refusing to send credentials to %s, which is not the configured origin %s://%s",
			RedactURLString(req.URL.String()), a.origin.Scheme, a.origin.Host)
	}
	body, err := readBody(req)
	if err != nil {
		return nil, err
	}
	resp, err := a.send(req, body)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || !a.credentials.invalidate() {
		return resp, err
	}
	drain(resp)
	return a.send(req, body)
}

func (a authenticating) send(original *http.Request, body []byte) (*http.Response, error) {
	req := original.Clone(original.Context())
	if body != nil {
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	if err := a.credentials.apply(req, a.tokenClient); err != nil {
		return nil, err
	}
	return a.next.RoundTrip(req)
}

func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	return io.ReadAll(req.Body)
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
}
