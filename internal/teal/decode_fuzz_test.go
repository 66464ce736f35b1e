package teal

import (
	"context"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport/transporttest"
)

// FuzzDecodeError feeds any body to Teal's error decoder: it never panics and extracts valid
// UTF-8. Seeds: testdata/fuzz/FuzzDecodeError.
func FuzzDecodeError(f *testing.F) {
	transporttest.FuzzDecoder(f, decodeError,
		`{"errors":["Invalid API key"]}`)
}

// FuzzResponses answers one of the client's calls, one per answer shape, with any status and
// body: the call never panics, and a failure is an error with the status.
// Seeds: testdata/fuzz/FuzzResponses.
func FuzzResponses(f *testing.F) {
	f.Add(uint8(1), 200, []byte(`{"pagination":{"count":1,"total_count":1},"accounts":[{"account_id":"a","status":"ACTIVE"}]}`))
	server := transporttest.NewServer(f)
	c, err := NewClient(Settings{Endpoint: server.URL, APIKey: "key"}, transporttest.Config())
	if err != nil {
		f.Fatal(err)
	}
	transporttest.FuzzCalls(f, server,
		func(ctx context.Context) error { _, err := c.GetAccount(ctx, "a"); return err },
		func(ctx context.Context) error { _, err := c.ListAccounts(ctx, "u"); return err },
		func(ctx context.Context) error { _, err := c.CreateAccount(ctx, NewAccount{}, "auth"); return err },
		func(ctx context.Context) error { _, err := c.SubmitMFA(ctx, "a", "answer", "auth"); return err },
		func(ctx context.Context) error { return c.DeleteAccount(ctx, "a") },
	)
}
