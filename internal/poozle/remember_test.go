package poozle

import (
	"slices"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
)

func TestRememberRegistersLongValuesAndShortOnesUnderSecretKeys(t *testing.T) {
	got := remember(map[string]string{
		"api_key": "k-42", "refresh_token": "rotated-123456", "org": "acme", "workspace_url": "https://acme.example.com",
	})
	slices.Sort(got)
	want := []string{"https://acme.example.com", "k-42", "rotated-123456"}
	if !slices.Equal(got, want) {
		t.Errorf("remember registered %q, want %q", got, want)
	}
	if masked := redact.String("key k-42 of org acme"); masked != "key *** of org acme" {
		t.Errorf("masked text %q", masked)
	}
}
