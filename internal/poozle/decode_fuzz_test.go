package poozle

import (
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport/transporttest"
)

// FuzzDecodeError feeds any body to Poozle's error decoder: it never panics and extracts valid
// UTF-8. Seeds: testdata/fuzz/FuzzDecodeError.
func FuzzDecodeError(f *testing.F) {
	transporttest.FuzzDecoder(f, decodeError,
		`{"statusCode":400,"message":["name must be a string"],"error":"Bad Request"}`)
}
