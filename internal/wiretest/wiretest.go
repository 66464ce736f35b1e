// Package wiretest holds the wrong things a client may meet on the wire instead of the API: a
// port nobody listens on, a server that never answers, a proxy answering its own pages, a server
// redirecting elsewhere, and another origin that records the credentials it is sent. Each lives
// as long as the test that starts it. The chaos suite and the transport's own tests share them.
package wiretest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

// RefusingURL is an http URL on a loopback port that refuses connections: a listener is opened
// to reserve a free port and closed at once. The port could in principle be taken again by
// another process before the test dials it; the kernel hands out ephemeral ports in turn, so
// within a test's lifetime that does not happen in practice.
func RefusingURL(t testing.TB) string {
	t.Helper()
	listener, err := listen()
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	if err := listener.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}

func listen() (net.Listener, error) {
	return (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
}

// SilentURL is an http URL of a server that accepts connections and never reads or answers
// them: a host whose process hangs. Connections are closed when t ends.
func SilentURL(t testing.TB) string {
	t.Helper()
	listener, err := listen()
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return // closed at cleanup
			}
			mu.Lock()
			held = append(held, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = listener.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, conn := range held {
			_ = conn.Close()
		}
	})
	return "http://" + listener.Addr().String()
}

// A 404 page and a login page, as a corporate proxy or a single sign-on gateway serves them.
const (
	NotFoundPage = "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p><hr><address>Apache/2.4.57 Server</address></body></html>\n"
	LoginPage    = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n<body><form method=\"post\" action=\"/login\"><input name=\"username\"><input name=\"password\" type=\"password\"><button>Sign in</button></form></body></html>\n"
)

// PageURL is the URL of a proxy answering every request with status and an HTML page.
func PageURL(t testing.TB, status int, page string) string {
	t.Helper()
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, page)
	}))
	t.Cleanup(server.Close)
	return server.URL
}

// RedirectingURL is the URL of a server answering every request with status (such as 302 or
// 307) and a Location of target with the request's path and query appended.
func RedirectingURL(t testing.TB, status int, target string) string {
	t.Helper()
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, target+r.URL.RequestURI(), status) //nolint:gosec // an open redirect is this server's purpose
	}))
	t.Cleanup(server.Close)
	return server.URL
}

// Origin is another origin: a server that records every credential it receives and forwards
// each request to the API, as a host the API moved to would answer. A client that follows a
// redirect there with its credentials therefore works, and only the record shows the leak.
type Origin struct {
	URL     string
	secrets []string

	mu       sync.Mutex
	received []string
}

// credentialHeaders are the headers that carry a credential in any of the provider's APIs.
var credentialHeaders = []string{"Authorization", "X-API-KEY", "Cookie", "Proxy-Authorization"}

// NewOrigin starts another origin forwarding to api (scheme and host) and recording the
// credential headers, a client_secret form field, and any of secrets in a header or body.
func NewOrigin(t testing.TB, api string, secrets ...string) *Origin {
	t.Helper()
	target, err := url.Parse(api)
	if err != nil {
		t.Fatal(err)
	}
	o := &Origin{secrets: secrets}
	forward := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		o.record(r, body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)
	o.URL = server.URL
	return o
}

func (o *Origin) record(r *http.Request, body []byte) {
	var found []string
	for _, name := range credentialHeaders {
		if r.Header.Get(name) != "" {
			found = append(found, name)
		}
	}
	if form, err := url.ParseQuery(string(body)); err == nil && form.Get("client_secret") != "" {
		found = append(found, "client_secret in the body")
	}
	headers := fmt.Sprint(r.Header)
	for _, secret := range o.secrets {
		if secret != "" && (strings.Contains(headers, secret) || bytes.Contains(body, []byte(secret))) {
			found = append(found, fmt.Sprintf("secret %.6s…", secret))
		}
	}
	if len(found) == 0 {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.received = append(o.received, fmt.Sprintf("%s %s: %s", r.Method, r.URL.Path, strings.Join(slices.Compact(found), ", ")))
}

// Received lists each request that reached the origin with a credential, and which.
func (o *Origin) Received() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.received)
}
