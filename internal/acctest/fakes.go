package acctest

import (
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// fakeSettings map each API's provider settings to a fake server: where the fake serves it, and
// its development credentials. The fake knows nothing of the provider; this is the one place
// that knows both.
var fakeSettings = map[string]func(serverURL string) map[string]string{
	"isc": func(u string) map[string]string {
		return map[string]string{"base_url": fakeserver.APIURL(u, fakeserver.APIISC), "token_url": fakeserver.ISCTokenURL(u),
			"client_id": fakeserver.ISCClientID, "client_secret": fakeserver.ISCClientSecret}
	},
	"poozle": func(u string) map[string]string {
		return map[string]string{"endpoint": fakeserver.APIURL(u, fakeserver.APIPoozle), "token": fakeserver.PoozleToken}
	},
	"b3os": func(u string) map[string]string {
		return map[string]string{"endpoint": fakeserver.APIURL(u, fakeserver.APIB3OS), "api_key": fakeserver.B3OSAPIKey,
			"organization_id": fakeserver.B3OSOrganizationID}
	},
	"teal": func(u string) map[string]string {
		return map[string]string{"endpoint": fakeserver.APIURL(u, fakeserver.APITeal), "api_key": fakeserver.TealAPIKey}
	},
}

// FakeSettings returns the provider settings, by attribute path ("isc.client_id"), that point
// the provider at a fake server reachable at serverURL (scheme and host, no trailing slash) with
// the development credentials. provider.Environment maps them to environment variables.
func FakeSettings(serverURL string) map[string]string {
	all := map[string]string{}
	for api, settings := range fakeSettings {
		for name, value := range settings(serverURL) {
			all[api+"."+name] = value
		}
	}
	return all
}
