package b3os

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// newTestClient returns a client of a fresh fake server, signed in with key.
func newTestClient(t *testing.T, key string) (*Client, *fakeserver.Server) {
	t.Helper()
	server := fakeserver.New()
	listener := httptest.NewServer(server)
	t.Cleanup(listener.Close)
	client, err := NewClient(Settings{
		Endpoint: listener.URL + "/" + fakeserver.APIB3OS, APIKey: key, OrganizationID: fakeserver.B3OSOrganizationID,
	}, transport.Config{RateWindow: 10 * time.Second, MaxRetries: 2, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 100 * time.Millisecond, RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return client, server
}

func TestErrorBodiesAreDecoded(t *testing.T) {
	const proxy = "the server, or a proxy in front of it, answered with an HTML error page"
	for body, want := range map[string][2]string{
		`{"code":401,"message":"invalid or expired API key","requestId":"req_1"}`:               {"invalid or expired API key", "req_1"},
		`{"success":false,"error":{"message":"service account not found","code":"NOT_FOUND"}}`:  {"service account not found", ""},
		`{"error":"invalid definition"}`:                                                        {"invalid definition", ""},
		fakeserver.B3OSProxyHTMLPage:                                                            {proxy + ` titled "502 Bad Gateway"`, ""},
		"<!DOCTYPE html><html><head><TITLE>\n  a &amp; <b>b</b>\n</TITLE></head><body>x</body>": {proxy + ` titled "a & b"`, ""},
		"<html><body><h1>Oops</h1></body></html>":                                               {proxy, ""},
		"<title>" + strings.Repeat("x", 200) + "</title>":                                       {proxy + ` titled "` + strings.Repeat("x", 120) + `…"`, ""},
		fakeserver.B3OSProxyPlainText:                                                           {"", ""}, // the transport uses plain text as it is
	} {
		if message, id := decodeError([]byte(body)); message != want[0] || id != want[1] {
			t.Errorf("%s:\n got %q, %q\nwant %q, %q", body, message, id, want[0], want[1])
		}
	}
}

func TestServiceAccountLifecycle(t *testing.T) {
	client, server := newTestClient(t, fakeserver.B3OSAPIKey)
	ctx := t.Context()
	created, err := client.CreateServiceAccount(ctx, ServiceAccountInput{Name: "ci", Description: "CI", Permissions: []string{"org:read"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(created.ID, "sa_") || created.Name != "ci" || created.Status != StatusActive || created.OrganizationID != fakeserver.B3OSOrganizationID {
		t.Fatalf("created = %+v", created)
	}
	updated, err := client.UpdateServiceAccount(ctx, created.ID, ServiceAccountInput{Name: "ci-2", Permissions: []string{"run:read", "ai:chat"}})
	if err != nil || updated.Name != "ci-2" || updated.Description != "" || !slices.Equal(updated.Permissions, []string{"run:read", "ai:chat"}) {
		t.Fatalf("updated = %+v, %v", updated, err)
	}
	disabled, err := client.SetServiceAccountDisabled(ctx, created.ID, true)
	if err != nil || disabled.Status != StatusDisabled || disabled.DisabledAt == nil {
		t.Fatalf("disabled = %+v, %v", disabled, err)
	}
	enabled, err := client.SetServiceAccountDisabled(ctx, created.ID, false)
	if err != nil || enabled.Status != StatusActive || enabled.DisabledAt != nil {
		t.Fatalf("enabled = %+v, %v", enabled, err)
	}
	read, err := client.GetServiceAccount(ctx, created.ID)
	if err != nil || read.Name != "ci-2" {
		t.Fatalf("read = %+v, %v", read, err)
	}
	if err := client.DeleteServiceAccount(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetServiceAccount(ctx, created.ID); !errors.Is(err, transport.ErrNotFound) {
		t.Errorf("read after delete: %v, want not found", err)
	}
	if err := client.DeleteServiceAccount(ctx, created.ID); !errors.Is(err, transport.ErrNotFound) {
		t.Errorf("second delete: %v, want not found", err)
	}
	if n := len(server.State().B3OS.ServiceAccounts); n != 0 {
		t.Errorf("%d accounts left", n)
	}
}

// apiError asserts that err is an APIError with status and a request id of the fake's form, and
// returns its text.
func apiError(t *testing.T, err error, status int) string {
	t.Helper()
	var apiErr *transport.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an APIError", err)
	}
	if apiErr.Status != status || !strings.HasPrefix(apiErr.RequestID, "req_") {
		t.Errorf("status %d, request id %q; want %d and a request id: %v", apiErr.Status, apiErr.RequestID, status, err)
	}
	return err.Error()
}

func TestErrorsOfEveryShapeKeepStatusAndRequestID(t *testing.T) {
	ctx := t.Context()
	input := ServiceAccountInput{Name: "ci", Permissions: []string{"org:read"}}
	tests := []struct {
		name   string
		fault  *fakeserver.Fault
		call   func(*Client) error
		status int
		want   string
	}{
		{"envelope", nil, func(c *Client) error {
			_, err := c.CreateServiceAccount(ctx, ServiceAccountInput{Name: "ci", Permissions: []string{"org"}})
			return err
		}, 400, `returned 400 Bad Request: invalid permission "org": expected the form resource:action (request id req_`},
		{"guide", nil, func(c *Client) error { return c.DeleteServiceAccount(ctx, "sa_missing") },
			404, "returned 404 Not Found: service account not found (request id req_"},
		{"plain text", &fakeserver.Fault{Status: 403, Body: fakeserver.B3OSProxyPlainText},
			func(c *Client) error { _, err := c.CreateServiceAccount(ctx, input); return err },
			403, "returned 403 Forbidden: Forbidden: insufficient permissions (request id req_"},
		{"html", &fakeserver.Fault{Status: 502, Body: fakeserver.B3OSProxyHTMLPage},
			func(c *Client) error { _, err := c.CreateServiceAccount(ctx, input); return err },
			502, `returned 502 Bad Gateway: the server, or a proxy in front of it, answered with an HTML error page titled "502 Bad Gateway" (request id req_`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, server := newTestClient(t, fakeserver.B3OSAPIKey)
			if tt.fault != nil {
				tt.fault.API = fakeserver.APIB3OS
				server.AddFault(*tt.fault)
			}
			text := apiError(t, tt.call(client), tt.status)
			if !strings.Contains(text, tt.want) || strings.ContainsAny(text, "<>") {
				t.Errorf("error = %s\nwant it to contain %s, and no markup", text, tt.want)
			}
		})
	}
}

func TestReadOnlyKeyIsRefusedNamingThePermission(t *testing.T) {
	client, server := newTestClient(t, fakeserver.B3OSReadOnlyAPIKey)
	_, err := client.CreateServiceAccount(t.Context(), ServiceAccountInput{Name: "ci", Permissions: []string{"org:read"}})
	if text := apiError(t, err, http.StatusForbidden); !strings.Contains(text, "lacks service_account:write") {
		t.Errorf("error = %s", text)
	}
	if strings.Contains(fmt.Sprint(err), fakeserver.B3OSReadOnlyAPIKey) {
		t.Error("the error shows the API key")
	}
	if n := len(server.State().B3OS.ServiceAccounts); n != 0 {
		t.Errorf("%d accounts made", n)
	}
}

func TestFindServiceAccountByNamePagesBy100(t *testing.T) {
	client, server := newTestClient(t, fakeserver.B3OSAPIKey)
	server.ConfigureB3OS(func(s *fakeserver.B3OSSettings) { s.RateLimit = 0 })
	ctx := t.Context()
	for i := range 205 {
		if _, err := client.CreateServiceAccount(ctx, ServiceAccountInput{Name: fmt.Sprintf("sa-%03d", i), Permissions: []string{"org:read"}}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		found bool
		pages int
	}{
		{"sa-000", true, 1},
		{"sa-150", true, 2},
		{"sa-204", true, 3},
		{"missing", false, 3},
	}
	for _, tt := range tests {
		before := server.RequestCount(fakeserver.APIB3OS, "GET", "/v1/service-accounts")
		account, err := client.FindServiceAccountByName(ctx, tt.name)
		if err != nil || (account != nil) != tt.found || (account != nil && account.Name != tt.name) {
			t.Errorf("%s: %+v, %v", tt.name, account, err)
		}
		if pages := server.RequestCount(fakeserver.APIB3OS, "GET", "/v1/service-accounts") - before; pages != tt.pages {
			t.Errorf("%s: %d pages read, want %d", tt.name, pages, tt.pages)
		}
	}
}

func TestRateLimitedRequestsWaitForRetryAfter(t *testing.T) {
	client, server := newTestClient(t, fakeserver.B3OSAPIKey)
	server.ConfigureB3OS(func(s *fakeserver.B3OSSettings) { s.RateLimit, s.RateWindowMS = 1, 1000 })
	ctx := t.Context()
	started := time.Now()
	for range 2 {
		if _, err := client.FindServiceAccountByName(ctx, "any"); err != nil {
			t.Fatal(err)
		}
	}
	if elapsed := time.Since(started); elapsed < 900*time.Millisecond {
		t.Errorf("the second request went through after %v; want it to wait for the next window", elapsed)
	}
}
