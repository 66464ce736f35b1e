package b3os

import "testing"

func TestEnvelopeErrorShapesAreDecoded(t *testing.T) {
	for body, want := range map[string][2]string{
		`{"code":401,"message":"invalid or expired API key","requestId":"req_1"}`: {"invalid or expired API key", "req_1"},
		`{"success":false,"error":{"message":"name taken","code":"CONFLICT"}}`:    {"name taken", ""},
		`{"error":"invalid definition"}`:                                          {"invalid definition", ""},
	} {
		if message, id := decodeError([]byte(body)); message != want[0] || id != want[1] {
			t.Errorf("%s: got %q, %q", body, message, id)
		}
	}
}
