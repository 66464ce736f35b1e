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

// APIs are the names of the APIs the fake serves, each under "/"+name.
func APIs() []string { return append([]string(nil), apiNames...) }

// APIURL is where a fake server reachable at serverURL (scheme and host, no trailing slash)
// serves the API named api.
func APIURL(serverURL, api string) string { return serverURL + "/" + api }

// ISCTokenURL is the fake ISC's OAuth2 token endpoint.
func ISCTokenURL(serverURL string) string { return APIURL(serverURL, APIISC) + iscTokenPath }

// EndOfExports ends the provider environment accounts-fakeserver -print-env writes, so that a
// reader knows it has it all, however many APIs there are (a shell comment: sourcing ignores it).
const EndOfExports = "# end of the provider environment"
