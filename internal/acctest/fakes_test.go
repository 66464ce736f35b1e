package acctest

import (
	"reflect"
	"testing"
)

//nolint:gosec // the fake's development credentials
func TestFakeSettingsPointAtEachAPI(t *testing.T) {
	got := FakeSettings("http://127.0.0.1:9999")
	want := map[string]string{
		"isc.base_url":         "http://127.0.0.1:9999/isc",
		"isc.token_url":        "http://127.0.0.1:9999/isc/oauth/token",
		"isc.client_id":        "fake-isc-client-id",
		"isc.client_secret":    "fake-isc-client-secret",
		"poozle.endpoint":      "http://127.0.0.1:9999/poozle",
		"poozle.token":         "fake-poozle-token",
		"b3os.endpoint":        "http://127.0.0.1:9999/b3os",
		"b3os.api_key":         "b3sk_fake_development_key",
		"b3os.organization_id": "org_fake",
		"teal.endpoint":        "http://127.0.0.1:9999/teal",
		"teal.api_key":         "fake-teal-api-key",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FakeSettings = %v\nwant  %v", got, want)
	}
}
