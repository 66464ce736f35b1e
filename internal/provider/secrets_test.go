package provider

import (
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
)

func TestConfigureRegistersEverySensitiveSetting(t *testing.T) {
	c := &configuration{}
	c.isc.ClientSecret, c.isc.ClientID = "isc-client-secret-1", "isc-client-id-1"
	c.poozle.Token = "poozle-token-1"
	c.b3os.APIKey = "b3sk_key-1"
	c.teal.APIKey = "teal-key-1"
	registerSecrets(c)
	text := "isc-client-secret-1 poozle-token-1 b3sk_key-1 teal-key-1 isc-client-id-1"
	if got, want := redact.String(text), "*** *** *** *** isc-client-id-1"; got != want {
		t.Errorf("masked %q, want %q", got, want)
	}
}
