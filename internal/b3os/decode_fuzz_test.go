package b3os

import (
	"context"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport/transporttest"
)

// FuzzDecodeError feeds any body to B3OS's error decoder: it never panics and extracts valid
// UTF-8. Seeds: testdata/fuzz/FuzzDecodeError.
func FuzzDecodeError(f *testing.F) {
	transporttest.FuzzDecoder(f, decodeError,
		`{"error":{"message":"invalid key"},"requestId":"req_1"}`)
}

// FuzzResponses answers one of the client's calls, one per answer shape, with any status and
// body: the call never panics, and a failure is an error with the status.
// Seeds: testdata/fuzz/FuzzResponses.
func FuzzResponses(f *testing.F) {
	f.Add(uint8(0), 200, []byte(`{"code":200,"data":{"id":"sa_1","name":"n","permissions":["run:read"]},"message":"ok","requestId":"r"}`))
	server := transporttest.NewServer(f)
	c, err := NewClient(Settings{Endpoint: server.URL, APIKey: "key", OrganizationID: "org"}, transporttest.Config())
	if err != nil {
		f.Fatal(err)
	}
	transporttest.FuzzCalls(f, server,
		func(ctx context.Context) error { _, err := c.GetServiceAccount(ctx, "sa_1"); return err },
		func(ctx context.Context) error { _, err := c.FindServiceAccountByName(ctx, "n"); return err },
		func(ctx context.Context) error {
			_, err := c.CreateServiceAccount(ctx, ServiceAccountInput{})
			return err
		},
		func(ctx context.Context) error { _, err := c.SetServiceAccountDisabled(ctx, "sa_1", true); return err },
		func(ctx context.Context) error { return c.DeleteServiceAccount(ctx, "sa_1") },
	)
}
