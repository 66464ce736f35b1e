package teal

import "testing"

func TestErrorsListIsDecoded(t *testing.T) {
	if got, _ := decodeError([]byte(`{"errors":["Invalid API key","Try again"]}`)); got != "Invalid API key; Try again" {
		t.Errorf("got %q", got)
	}
}
