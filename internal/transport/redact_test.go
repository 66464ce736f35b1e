package transport

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
)

// A vendor that repeats, in an error body, the access token it was sent and a password the
// provider registered: the TRACE body and the error lines hold neither, although no secret key
// names them.
func TestEchoedTokenAndRegisteredSecretsAreMaskedInTheLogs(t *testing.T) {
	const token, password = "access-ECHO-8k2m9q", "pw-transport-echo" //nolint:gosec // test values
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"` + token + `","token_type":"bearer","expires_in":749}`))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"message":"` + r.Header.Get("Authorization") + ` may not set the password ` + password + `"}`)) //nolint:gosec // a test server echoing on purpose
	})
	ts := httptest.NewServer(mux)
	defer ts.Close()
	redact.Add(password)

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	c := newTestClient(t, ts.URL, func(cfg *Config) {
		cfg.Credentials = ClientCredentials(clientcredentials.Config{ClientID: "id", ClientSecret: "s3cret-id", TokenURL: ts.URL + "/oauth/token", AuthStyle: 1})
		cfg.MaxRetries = 0
	})
	_, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/accounts", Body: map[string]string{"name": "n"}}, nil)
	if err == nil {
		t.Fatal("the request succeeded; want the 400")
	}
	text := logs.String()
	if !strings.Contains(text, "may not set the password") {
		t.Fatalf("the logs lack the error body: %s", text)
	}
	for _, secret := range []string{token, password} {
		if strings.Contains(text, secret) {
			t.Errorf("%q appears in the logs", secret)
		}
	}
	// The error message itself is masked where it reaches the user: pluginserver scrubs diagnostics.
	if masked := redact.String(err.Error()); strings.Contains(masked, token) || strings.Contains(masked, password) {
		t.Errorf("the masked error still holds a secret: %s", masked)
	}
}
