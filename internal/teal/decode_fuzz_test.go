package teal

import (
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport/transporttest"
)

// FuzzDecodeError feeds any body to Teal's error decoder: it never panics and extracts valid
// UTF-8. Seeds: testdata/fuzz/FuzzDecodeError.
func FuzzDecodeError(f *testing.F) {
	transporttest.FuzzDecoder(f, decodeError,
		`{"errors":["Invalid API key"]}`)
}
