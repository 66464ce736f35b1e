package wiretest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"
)

// answer is what a client got: status, headers and body.
type answer struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, client *http.Client, target string, header ...string) (answer, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, string(body)}, err
}

func TestRefusingURLRefuses(t *testing.T) {
	_, err := get(t, http.DefaultClient, RefusingURL(t)+"/x")
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("err = %v, want connection refused", err)
	}
}

func TestSilentURLNeverAnswers(t *testing.T) {
	started := time.Now()
	_, err := get(t, &http.Client{Timeout: 300 * time.Millisecond}, SilentURL(t)+"/x")
	var timeout interface{ Timeout() bool }
	if !errors.As(err, &timeout) || !timeout.Timeout() || time.Since(started) < 300*time.Millisecond {
		t.Fatalf("err = %v after %s, want a client timeout", err, time.Since(started))
	}
}

func TestPageURLAnswersHTML(t *testing.T) {
	got, err := get(t, http.DefaultClient, PageURL(t, http.StatusOK, LoginPage)+"/v1/anything")
	if err != nil {
		t.Fatal(err)
	}
	if got.status != http.StatusOK || !strings.HasPrefix(got.header.Get("Content-Type"), "text/html") || got.body != LoginPage {
		t.Fatalf("%d %s %q", got.status, got.header.Get("Content-Type"), got.body)
	}
}

// A redirect to the origin keeps the path; the origin forwards to the API and records the
// credentials that followed the redirect (Go copies them to a host of the same name).
func TestRedirectToOriginRecordsCredentials(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "api "+r.URL.RequestURI()) //nolint:gosec // plain text to a test client
	}))
	t.Cleanup(api.Close)
	origin := NewOrigin(t, api.URL, "s3cret")
	redirect := RedirectingURL(t, http.StatusTemporaryRedirect, origin.URL)

	got, err := get(t, http.DefaultClient, redirect+"/v1/x?q=1", "Authorization", "Bearer s3cret")
	if err != nil {
		t.Fatal(err)
	}
	if got.body != "api /v1/x?q=1" {
		t.Errorf("body %q, want the API's answer to the same path", got.body)
	}
	if got := origin.Received(); len(got) != 1 || got[0] != "GET /v1/x: Authorization, secret s3cret…" {
		t.Errorf("received %q", got)
	}
	form := url.Values{"client_secret": {"other"}}.Encode()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, origin.URL+"/token", strings.NewReader(form))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if got := origin.Received(); len(got) != 2 || got[1] != "POST /token: client_secret in the body" {
		t.Errorf("received %q", got)
	}
	if _, err := get(t, http.DefaultClient, origin.URL+"/clean"); err != nil || len(origin.Received()) != 2 {
		t.Errorf("a request without credentials was recorded: %v %q", err, origin.Received())
	}
}
