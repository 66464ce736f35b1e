package poozle

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport/transporttest"
)

// FuzzDecodeError feeds any body to Poozle's error decoder: it never panics and extracts valid
// UTF-8. Seeds: testdata/fuzz/FuzzDecodeError.
func FuzzDecodeError(f *testing.F) {
	transporttest.FuzzDecoder(f, decodeError,
		`{"statusCode":400,"message":["name must be a string"],"error":"Bad Request"}`)
}

// FuzzResponses answers one of the client's calls, one per answer shape, with any status and
// body: the call never panics, and a failure is an error with the status.
// Seeds: testdata/fuzz/FuzzResponses.
func FuzzResponses(f *testing.F) {
	f.Add(uint8(0), 200, []byte(`{"integrationAccountId":"a","integrationAccountName":"n","integrationConfiguration":{"api_key":"k"}}`))
	server := transporttest.NewServer(f)
	c, err := NewClient(Settings{Endpoint: server.URL, Token: "token"}, transporttest.Config())
	if err != nil {
		f.Fatal(err)
	}
	var specs atomic.Int64
	transporttest.FuzzCalls(f, server,
		func(ctx context.Context) error { _, err := c.IntegrationAccount(ctx, "a"); return err },
		func(ctx context.Context) error { _, err := c.IntegrationAccounts(ctx, "w"); return err },
		func(ctx context.Context) error {
			_, err := c.CreateIntegrationAccount(ctx, CreateRequest{})
			return err
		},
		func(ctx context.Context) error { _, err := c.IntegrationDefinitions(ctx, "w"); return err },
		func(ctx context.Context) error {
			_, err := c.Spec(ctx, strconv.Itoa(int(specs.Add(1)))) // specs are cached: a new id each time
			return err
		},
	)
}
