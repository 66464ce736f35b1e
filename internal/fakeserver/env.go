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

// Env returns the provider's environment variables for a fake server reachable at baseURL
// (scheme and host, no trailing slash).
func Env(baseURL string) map[string]string {
	return map[string]string{
		"SAILPOINT_BASE_URL":      baseURL + "/" + APIISC,
		"SAILPOINT_TOKEN_URL":     baseURL + "/" + APIISC + iscTokenPath,
		"SAILPOINT_CLIENT_ID":     ISCClientID,
		"SAILPOINT_CLIENT_SECRET": ISCClientSecret,
		"POOZLE_ENDPOINT":         baseURL + "/" + APIPoozle,
		"POOZLE_TOKEN":            PoozleToken,
		"B3OS_ENDPOINT":           baseURL + "/" + APIB3OS,
		"B3OS_API_KEY":            B3OSAPIKey,
		"B3OS_ORGANIZATION_ID":    B3OSOrganizationID,
		"TEAL_ENDPOINT":           baseURL + "/" + APITeal,
		"TEAL_API_KEY":            TealAPIKey,
	}
}
