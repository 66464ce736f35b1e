package poozle

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

func TestNestJSErrorShapesAreDecoded(t *testing.T) {
	for body, want := range map[string]string{
		`{"message":"Unauthorised"}`: "Unauthorised",
		`{"statusCode":400,"message":["workspaceId must be a string","config must be an object"],"error":"Bad Request"}`: "workspaceId must be a string; config must be an object",
		`<html>bad gateway</html>`: "",
	} {
		if got, _ := decodeError([]byte(body)); got != want {
			t.Errorf("%s: got %q, want %q", body, got, want)
		}
	}
}

// newTestClient is a client of a fresh fake server.
func newTestClient(t *testing.T) (*Client, *fakeserver.Server) {
	t.Helper()
	server := fakeserver.New()
	listener := httptest.NewServer(server)
	t.Cleanup(listener.Close)
	client, err := NewClient(Settings{Endpoint: fakeserver.APIURL(listener.URL, fakeserver.APIPoozle), Token: fakeserver.PoozleToken},
		transport.Config{MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 10 * time.Millisecond, RequestTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return client, server
}

func githubAPIKeyRequest(name string) CreateRequest {
	return CreateRequest{
		WorkspaceID: fakeserver.PoozleWorkspaceID, IntegrationDefinitionID: fakeserver.PoozleGitHubDefinitionID,
		Name: name, AuthType: "Api Key", Config: map[string]string{"api_key": "k1", "org": "acme"},
		AccountIdentifier: ptr("acme-" + name),
	}
}

func ptr[T any](v T) *T { return &v }

func TestAccountLifecycleThroughTheClient(t *testing.T) {
	client, server := newTestClient(t)
	ctx := context.Background()
	created, err := client.CreateIntegrationAccount(ctx, githubAPIKeyRequest("ci"))
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == "" || created.Name != "ci" || *created.AccountIdentifier != "acme-ci" || created.Config["api_key"] != "k1" || created.CreatedAt == "" {
		t.Fatalf("created = %+v", created)
	}

	read, err := client.IntegrationAccount(ctx, created.ID)
	if err != nil || read.ID != created.ID || read.WorkspaceID != fakeserver.PoozleWorkspaceID {
		t.Fatalf("read = %+v, %v", read, err)
	}
	listed, err := client.IntegrationAccounts(ctx, fakeserver.PoozleWorkspaceID)
	if err != nil || len(listed) != 1 || listed[0].ID != created.ID {
		t.Fatalf("listed = %+v, %v", listed, err)
	}

	period := "EVERY_HOUR"
	updated, err := client.UpdateIntegrationAccount(ctx, created.ID, UpdateRequest{
		Name: "renamed", AuthType: "Api Key", Config: map[string]string{"api_key": "k2", "org": "acme"}, SyncEnabled: true, SyncPeriod: &period,
	})
	if err != nil || updated.Name != "renamed" || updated.Config["api_key"] != "k2" || !updated.SyncEnabled || *updated.SyncPeriod != period {
		t.Fatalf("updated = %+v, %v", updated, err)
	}
	// A nil SyncPeriod is sent as null, which clears it on the server.
	if cleared, err := client.UpdateIntegrationAccount(ctx, created.ID, UpdateRequest{Name: "renamed", AuthType: "Api Key", Config: map[string]string{}}); err != nil || cleared.SyncPeriod != nil || cleared.SyncEnabled {
		t.Fatalf("cleared = %+v, %v", cleared, err)
	}

	if err := client.DeleteIntegrationAccount(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(server.State().Poozle.IntegrationAccounts); n != 0 {
		t.Fatalf("server still holds %d accounts", n)
	}
	if err := client.DeleteIntegrationAccount(ctx, created.ID); !errors.Is(err, transport.ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
}

func TestEmptyReadsAreNotFound(t *testing.T) {
	client, _ := newTestClient(t)
	ctx := context.Background()
	if _, err := client.IntegrationAccount(ctx, "00000000-0000-4000-8000-000000000000"); !errors.Is(err, transport.ErrNotFound) {
		t.Errorf("unknown account: %v, want ErrNotFound", err)
	}
	if _, err := client.IntegrationDefinition(ctx, "00000000-0000-4000-8000-000000000000"); !errors.Is(err, transport.ErrNotFound) {
		t.Errorf("unknown definition: %v, want ErrNotFound", err)
	}
	definition, err := client.IntegrationDefinition(ctx, fakeserver.PoozleJiraDefinitionID)
	if err != nil || definition.Key != "jira" {
		t.Errorf("jira = %+v, %v", definition, err)
	}
}

func TestRefusalsCarryTheServersMessage(t *testing.T) {
	client, _ := newTestClient(t)
	request := githubAPIKeyRequest("ci")
	request.AuthType = "OAuth2"
	_, err := client.CreateIntegrationAccount(context.Background(), request)
	if transport.StatusOf(err) != 400 || !strings.Contains(err.Error(), "Not a valid credentials") {
		t.Errorf("err = %v", err)
	}
}

func TestSpecsAreFetchedOncePerClient(t *testing.T) {
	client, server := newTestClient(t)
	ctx := context.Background()
	for range 3 {
		spec, err := client.Spec(ctx, fakeserver.PoozleGitHubDefinitionID)
		if err != nil {
			t.Fatal(err)
		}
		if got := spec.AuthTypes(); !slices.Equal(got, []string{"Api Key", "OAuth2"}) {
			t.Errorf("auth types = %v", got)
		}
		if keys, found := spec.ConfigKeys("OAuth2"); !found || !slices.Equal(keys, []string{"client_id", "client_secret", "org", "refresh_token", "scope"}) {
			t.Errorf("OAuth2 keys = %v, %v", keys, found)
		}
		if _, found := spec.ConfigKeys("Basic"); found {
			t.Error("Basic is not an auth type of GitHub")
		}
	}
	if n := server.RequestCount(fakeserver.APIPoozle, "GET", "/v1/integration_definition/"); n != 1 {
		t.Errorf("spec fetched %d times, want 1", n)
	}
	if _, err := client.Spec(ctx, "00000000-0000-4000-8000-000000000000"); !errors.Is(err, transport.ErrNotFound) {
		t.Errorf("unknown spec: %v", err)
	}
	if _, err := client.Spec(ctx, "00000000-0000-4000-8000-000000000000"); err == nil {
		t.Error("a failed fetch was cached")
	}
	definitions, err := client.IntegrationDefinitions(ctx, fakeserver.PoozleWorkspaceID)
	if err != nil || len(definitions) != 2 {
		t.Errorf("definitions = %+v, %v", definitions, err)
	}
}
