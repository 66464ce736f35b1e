package fakeserver

// APIs are the names of the APIs the fake serves, each under "/"+name.
func APIs() []string { return apiNames() }

// APIURL is where a fake server reachable at serverURL (scheme and host, no trailing slash)
// serves the API named api.
func APIURL(serverURL, api string) string { return serverURL + "/" + api }

// EndOfExports ends the provider environment accounts-fakeserver -print-env writes, so that a
// reader knows it has it all, however many APIs there are (a shell comment: sourcing ignores it).
const EndOfExports = "# end of the provider environment"

// DevelopmentSecrets are the secret credentials every fake API accepts, for audits that look
// for leaks; what a server issues later (tokens) is Server.IssuedSecrets.
func DevelopmentSecrets() []string {
	var secrets []string
	for _, v := range vendors {
		secrets = append(secrets, v.secrets...)
	}
	return secrets
}
