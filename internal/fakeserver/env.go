package fakeserver

// Development credentials the fake APIs accept. They are deliberately fake-looking so that a
// configuration pointing at a real vendor with them fails loudly.
const (
	ISCClientID        = "fake-isc-client-id"
	ISCClientSecret    = "fake-isc-client-secret"
	PoozleToken        = "fake-poozle-token"
	B3OSAPIKey         = "b3sk_fake_development_key"
	B3OSOrganizationID = "org_fake"
	TealAPIKey         = "fake-teal-api-key"
)

// ProviderSettings returns the provider settings, by attribute path, that point the provider at
// a fake server reachable at baseURL (scheme and host, no trailing slash) with the development
// credentials. The provider's own list maps them to environment variables.
func ProviderSettings(baseURL string) map[string]string {
	return map[string]string{
		"isc.base_url":         baseURL + "/" + APIISC,
		"isc.token_url":        baseURL + "/" + APIISC + iscTokenPath,
		"isc.client_id":        ISCClientID,
		"isc.client_secret":    ISCClientSecret,
		"poozle.endpoint":      baseURL + "/" + APIPoozle,
		"poozle.token":         PoozleToken,
		"b3os.endpoint":        baseURL + "/" + APIB3OS,
		"b3os.api_key":         B3OSAPIKey,
		"b3os.organization_id": B3OSOrganizationID,
		"teal.endpoint":        baseURL + "/" + APITeal,
		"teal.api_key":         TealAPIKey,
	}
}
