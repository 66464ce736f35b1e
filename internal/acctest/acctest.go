// Package acctest is the harness of the acceptance tests: an in-process fake server per test,
// the provider factories, and checks that read what the server holds.
package acctest

import (
	"fmt"
	"maps"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/pluginserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/provider"
)

// ProviderFactories serve the provider under test in-process, as the provider binary does.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"accounts": withoutError(pluginserver.New(provider.New("test")())),
}

// withoutError gives a server factory the signature the test framework expects.
func withoutError(newServer func() tfprotov6.ProviderServer) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) { return newServer(), nil }
}

// Fake is a fake server that lives as long as one test.
type Fake struct {
	*fakeserver.Server
	URL string
}

// NewFake starts a fake server for t and stops it when t ends.
func NewFake(t *testing.T) *Fake {
	t.Helper()
	server := fakeserver.New()
	listener := httptest.NewServer(server)
	t.Cleanup(listener.Close)
	return &Fake{Server: server, URL: listener.URL}
}

// ProviderConfig is a provider block pointing every API at this fake server with the development
// credentials; overrides replace settings by attribute path, such as "isc.client_id" or the
// top-level "request_timeout", and an empty value leaves a setting out (its environment variable
// or default applies). Tests set the provider in HCL, not in environment variables, since tests
// running in parallel share the environment.
func (f *Fake) ProviderConfig(overrides ...map[string]string) string {
	return f.ProviderConfigWith(nil, overrides...)
}

// ProviderConfigWith is ProviderConfig with some settings set to HCL expressions, by attribute
// path, such as "isc.client_secret" = "terraform_data.secret.output": values known only after
// apply, or variables.
func (f *Fake) ProviderConfigWith(expressions map[string]string, overrides ...map[string]string) string {
	values := FakeSettings(f.URL)
	values["max_retries"] = "6"
	for _, o := range overrides {
		maps.Copy(values, o)
	}
	for setting, value := range values {
		values[setting] = fmt.Sprintf("%q", value)
		if value == "" {
			delete(values, setting)
		}
	}
	maps.Copy(values, expressions)
	blocks := map[string][]string{}
	for _, setting := range slices.Sorted(maps.Keys(values)) {
		block, name, nested := strings.Cut(setting, ".")
		if !nested {
			block, name = "", setting
		}
		blocks[block] = append(blocks[block], fmt.Sprintf("  %s = %s", name, values[setting]))
	}
	var b strings.Builder
	b.WriteString("provider \"accounts\" {\n")
	for _, line := range blocks[""] {
		b.WriteString(line + "\n")
	}
	for _, name := range slices.Sorted(maps.Keys(blocks)) {
		if name != "" {
			fmt.Fprintf(&b, "  %s = {\n  %s\n  }\n", name, strings.Join(blocks[name], "\n  "))
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// Config prefixes a test configuration with the provider block.
func (f *Fake) Config(body string) string {
	return f.ProviderConfig() + body
}

// CheckServer runs a check against the server's state.
func (f *Fake) CheckServer(check func(fakeserver.State) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		return check(f.State())
	}
}

// Do runs an action on the server between two steps, such as deleting an object behind
// Terraform's back.
func (f *Fake) Do(action func(*fakeserver.Server)) resource.TestCheckFunc {
	return func(*terraform.State) error {
		action(f.Server)
		return nil
	}
}

// Attribute reads one attribute of a resource in Terraform's state.
func Attribute(s *terraform.State, address, name string) (string, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return "", fmt.Errorf("%s is not in state", address)
	}
	return rs.Primary.Attributes[name], nil
}

// ErrorMatching matches text in an error that Terraform may have wrapped across lines: each
// space of text matches any run of white space, and ".*" any text in between.
func ErrorMatching(text string) *regexp.Regexp {
	quoted := regexp.QuoteMeta(text)
	quoted = strings.ReplaceAll(quoted, " ", `\s+`)
	quoted = strings.ReplaceAll(quoted, `\.\*`, ".*")
	return regexp.MustCompile("(?s)" + quoted)
}

// CheckRequestCount asserts how many requests to api with method (empty for any) and a path
// starting with pathPrefix got past fault injection.
func (f *Fake) CheckRequestCount(api, method, pathPrefix string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := f.RequestCount(api, method, pathPrefix); n != want {
			return fmt.Errorf("server received %d %s %s%s requests, want %d", n, method, api, pathPrefix, want)
		}
		return nil
	}
}
