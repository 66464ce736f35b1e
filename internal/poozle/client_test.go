package poozle

import "testing"

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
