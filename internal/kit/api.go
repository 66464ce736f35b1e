package kit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// API is everything the rest of the provider needs to know of one vendor API: each API package
// exports one, the provider serves the list of them, and the docs, the tests' fakes, the chaos
// suite and the bench derive from that list.
type API struct {
	// Name is the provider block of the API's settings, the log subsystem and the word in its
	// type names, such as "isc".
	Name string
	// Title names the API for people, such as "SailPoint ISC".
	Title string
	// Description is the provider block's documentation: what credentials the API needs.
	Description string
	Settings    []Setting
	// NewClient builds the API's client from its settings and the transport settings every API
	// shares.
	NewClient          func(values SettingValues, common transport.Config) (any, error)
	Resources          []func() resource.Resource
	ListResources      []func() list.ListResource
	DataSources        []func() datasource.DataSource
	EphemeralResources []func() ephemeral.EphemeralResource
	Actions            []func() action.Action
}

// Setting is one provider setting: an optional attribute that falls back to an environment
// variable, then to a default.
type Setting struct {
	Name        string
	Env         string
	Default     string // when neither the configuration nor the environment sets it
	Description string
	Kind        SettingKind
	Required    bool // for the API to be usable; checked only when something uses the API
	Sensitive   bool // a credential: masked everywhere, and named in authentication errors
	URL         bool // an absolute http(s) URL, checked at plan time
	// Role is what the setting is to the API, for the errors that name it.
	Role SettingRole
}

// SettingKind is the Terraform type of a setting.
type SettingKind int

// The kinds of settings: a string, a whole number of 0 or more, a bool.
const (
	Text SettingKind = iota
	Number
	Flag
)

// SettingRole is what a setting is to its API, for error messages.
type SettingRole string

// The roles errors name: where the API is, where its tokens come from, what authenticates it.
const (
	RoleEndpoint   SettingRole = "endpoint"
	RoleTokenURL   SettingRole = "token_url"
	RoleCredential SettingRole = "credential"
)

// SettingValues are the resolved settings of one API, by name, already checked against their
// kinds.
type SettingValues map[string]string

// Text is a setting's value.
func (v SettingValues) Text(name string) string { return v[name] }

// Number is a Number setting's value.
func (v SettingValues) Number(name string) int {
	n, _ := strconv.Atoi(v[name]) // checked when resolved
	return n
}

// Flag is a Flag setting's value.
func (v SettingValues) Flag(name string) bool {
	b, _ := strconv.ParseBool(v[name]) // checked when resolved
	return b
}

// Clients is the configured provider as resources see it: each API's client, or the reason
// that API cannot be used, by API name.
type Clients struct {
	byAPI map[string]configured
}

type configured struct {
	client any
	err    error
}

// NewClients starts an empty set.
func NewClients() *Clients { return &Clients{byAPI: map[string]configured{}} }

// Set records an API's client, or why there is none.
func (c *Clients) Set(api string, client any, err error) {
	c.byAPI[api] = configured{client: client, err: err}
}

// ClientOf reads the client of the API named api, which must be a C.
func ClientOf[C any](api string) func(*Clients) (C, error) {
	return func(c *Clients) (C, error) {
		var none C
		got, ok := c.byAPI[api]
		if !ok {
			return none, fmt.Errorf("the provider serves no API named %q", api)
		}
		if got.err != nil {
			return none, got.err
		}
		client, ok := got.client.(C)
		if !ok {
			return none, fmt.Errorf("the %s client is a %T, not a %T", api, got.client, none)
		}
		return client, nil
	}
}

// UnknownSettingsError is why an API's client cannot be built yet: settings it needs are known
// only after apply (from another resource's output, say). Planning goes on without the API;
// what needs it fails with this error until the settings are known.
type UnknownSettingsError struct {
	// Settings are the unknown settings' attribute paths, such as "isc.client_secret".
	Settings []string
}

func (e *UnknownSettingsError) Error() string {
	return fmt.Sprintf("The provider setting %s is known only after apply, and this operation needs the API it configures. "+
		"Plan with -refresh=false to plan without reading the objects, apply what the setting depends on first "+
		"(terraform apply -target), or set it to a value known at plan time.", strings.Join(e.Settings, " and "))
}

// RateLimitDescription documents every API's rate_limit setting.
const RateLimitDescription = "The API's limit: requests allowed in any 10-second window. The provider sends at most 90 % of it, " +
	"retries included, so that the server's own count never sees a violation. `0` turns the provider's own limiting off: only " +
	"the API's `429` answers, retried after their `Retry-After`, then pace it."

// SettingsFrom resolves the API's settings from environment variables alone, each falling back
// to its default, for tools that build a client outside Terraform (the bench's seeding).
func (a API) SettingsFrom(env map[string]string) SettingValues {
	values := SettingValues{}
	for _, s := range a.Settings {
		values[s.Name] = env[s.Env]
		if values[s.Name] == "" {
			values[s.Name] = s.Default
		}
	}
	return values
}
