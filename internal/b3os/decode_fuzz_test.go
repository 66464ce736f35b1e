package b3os

import (
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport/transporttest"
)

// FuzzDecodeError feeds any body to B3OS's error decoder: it never panics and extracts valid
// UTF-8. Seeds: testdata/fuzz/FuzzDecodeError.
func FuzzDecodeError(f *testing.F) {
	transporttest.FuzzDecoder(f, decodeError,
		`{"error":{"message":"invalid key"},"requestId":"req_1"}`)
}
