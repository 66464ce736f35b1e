package isc

import (
	"context"
	"net/http"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport/transporttest"
)

// FuzzDecodeError feeds any body to ISC's error decoder: it never panics and extracts valid
// UTF-8. Seeds: testdata/fuzz/FuzzDecodeError.
func FuzzDecodeError(f *testing.F) {
	transporttest.FuzzDecoder(f, decodeError,
		`{"detailCode":"400.1 Bad Request Content","trackingId":"t-1","messages":[{"locale":"en-US","text":"bad"}]}`,
		`{"error":"JWT validation failed"}`)
}

// FuzzResponses answers one of the client's calls, one per answer shape, with any status and
// body: the call never panics, and a failure is an error with the status.
// Seeds: testdata/fuzz/FuzzResponses.
func FuzzResponses(f *testing.F) {
	f.Add(uint8(0), 200, []byte(`{"id":"a","sourceId":"s","nativeIdentity":"jdoe","attributes":{"mail":["a","b"]}}`))
	f.Add(uint8(4), 200, []byte(`[{"id":"task-1","completed":"2024-01-01T00:00:00Z","completionStatus":"ERROR","messages":[{"key":"k"}]}]`))
	server := transporttest.NewServer(f)
	c, err := NewClient(Settings{BaseURL: server.URL, ClientID: "id", ClientSecret: "secret"}, transporttest.Config())
	if err != nil {
		f.Fatal(err)
	}
	transporttest.FuzzCalls(f, server,
		func(ctx context.Context) error {
			a, err := c.GetAccount(ctx, "2c91808a7813090a01781412d9e50f2e")
			if err == nil {
				var m accountModel
				m.fill(a)
			}
			return err
		},
		func(ctx context.Context) error {
			_, err := c.FindAccount(ctx, "2c9180835d191a86015d28455b4a2329", "jdoe")
			return err
		},
		func(ctx context.Context) error {
			_, err := c.SourceAccountSchema(ctx, "2c9180835d191a86015d28455b4a2329")
			return err
		},
		func(ctx context.Context) error {
			_, err := c.submit(ctx, transport.Request{Method: http.MethodPost, Path: accountsPath, Body: map[string]any{"sourceId": "s"}})
			return err
		},
		func(ctx context.Context) error {
			tasks, err := c.listTasks(ctx, []string{"task-1", "task-2"})
			for _, task := range tasks {
				if task.done() && !task.Succeeded() {
					_ = taskError(task).Error()
				}
			}
			return err
		},
	)
}
