package provider

import (
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
)

//nolint:gosec // test values, not credentials
func TestConfigureRegistersEverySensitiveSetting(t *testing.T) {
	c := &configuration{values: map[string]kit.SettingValues{
		"isc":    {"client_secret": "isc-client-secret-1", "client_id": "isc-client-id-1"},
		"poozle": {"token": "poozle-token-1"},
		"b3os":   {"api_key": "b3sk_key-1"},
		"teal":   {"api_key": "teal-key-1"},
	}}
	registerSecrets(c)
	text := "isc-client-secret-1 poozle-token-1 b3sk_key-1 teal-key-1 isc-client-id-1"
	if got, want := redact.String(text), "*** *** *** *** isc-client-id-1"; got != want {
		t.Errorf("masked %q, want %q", got, want)
	}
}
