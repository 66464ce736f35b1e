package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/tf-accounts/terraform-provider-accounts/internal/b3os"
	"github.com/tf-accounts/terraform-provider-accounts/internal/isc"
	"github.com/tf-accounts/terraform-provider-accounts/internal/poozle"
	"github.com/tf-accounts/terraform-provider-accounts/internal/teal"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// setting is one provider setting: an optional attribute that falls back to an environment
// variable, then to a default. The schema, its documentation, the environment variables and the
// typed configuration the clients are built from all come from the settings list below.
type setting struct {
	block     string // "" for a top-level attribute, else the API's nested attribute
	name      string
	env       string
	fallback  string // default when neither the configuration nor the environment sets it
	required  bool   // required for the API to be usable (checked only when a resource uses it)
	sensitive bool
	url       bool // an absolute http(s) URL
	// role names what the setting is to its API, for error messages: roleEndpoint, roleTokenURL
	// or roleCredential.
	role        string
	description string
	// Exactly one of text, number and flag places the value in the configuration.
	text   func(*configuration) *string
	number func(*configuration) *int
	flag   func(*configuration) *bool
}

// The roles of settings that errors name: where the API is, where its tokens come from, and what
// authenticates it.
const (
	roleEndpoint   = "endpoint"
	roleTokenURL   = "token_url"
	roleCredential = "credential"
)

// configuration is the resolved provider configuration, one typed settings value per API.
type configuration struct {
	maxRetries        int
	requestTimeout    string
	allowInsecureHTTP bool
	isc               isc.Settings
	poozle            poozle.Settings
	b3os              b3os.Settings
	teal              teal.Settings
}

// blocks are the nested attributes, one per API, with what they describe.
var blocks = []struct{ name, title, description string }{
	{"isc", "SailPoint ISC", "SailPoint Identity Security Cloud, used by `accounts_isc_account`: an OAuth2 client, either a " +
		"personal access token or an API client, with `idn:accounts:read`, `idn:accounts:manage`, `idn:accounts-state:manage` " +
		"and `idn:task-management:read`. Reading a source's account schema (when `native_identity_attribute` is not set) " +
		"also needs a personal access token with `idn:source-schema:read`."},
	{"poozle", "Poozle", "Poozle, the open-source unified API: a user API token."},
	{"b3os", "B3OS", "B3OS: an organization API key or a user token with an organization id."},
	{"teal", "Teal", "Teal payroll: a client API key."},
}

func blockTitle(name string) string {
	for _, b := range blocks {
		if b.name == name {
			return b.title
		}
	}
	return name
}

const rateLimitDescription = "The API's limit: requests allowed in any 10-second window. The provider sends at most 90 % of it, " +
	"retries included, so that the server's own count never sees a violation. `0` turns the provider's own limiting off: only " +
	"the API's `429` answers, retried after their `Retry-After`, then pace it."

var settings = []setting{
	{name: "max_retries", env: "ACCOUNTS_MAX_RETRIES", fallback: "5",
		number:      func(c *configuration) *int { return &c.maxRetries },
		description: "Retries of a request that failed in a way that is safe to retry: 429 answers for any request, 5xx answers and connection errors for reads, updates and deletes. A create is never sent again once it may have reached the server."},
	{name: "request_timeout", env: "ACCOUNTS_REQUEST_TIMEOUT", fallback: "60s",
		text: func(c *configuration) *string { return &c.requestTimeout },
		description: "Time limit of one HTTP attempt, as a Go duration such as `30s` or `2m`. Resource `timeouts` bound whole operations; " +
			"a server that takes requests and never answers fails a read after two attempts."},
	// Before the URL settings: their check depends on it.
	{name: "allow_insecure_http", env: "ACCOUNTS_ALLOW_INSECURE_HTTP", fallback: "false",
		flag:        func(c *configuration) *bool { return &c.allowInsecureHTTP },
		description: "Allow `http://` endpoints on hosts other than loopback, which send credentials unencrypted. Without it such an endpoint fails the plan."},

	{block: "isc", name: "base_url", env: "SAILPOINT_BASE_URL", required: true, url: true, role: roleEndpoint,
		text:        func(c *configuration) *string { return &c.isc.BaseURL },
		description: "API base URL of the tenant, such as `https://acme.api.identitynow.com`."},
	{block: "isc", name: "token_url", env: "SAILPOINT_TOKEN_URL", url: true, role: roleTokenURL,
		text:        func(c *configuration) *string { return &c.isc.TokenURL },
		description: "OAuth2 token endpoint. Defaults to `<base_url>/oauth/token`."},
	{block: "isc", name: "client_id", env: "SAILPOINT_CLIENT_ID", required: true, role: roleCredential,
		text:        func(c *configuration) *string { return &c.isc.ClientID },
		description: "OAuth2 client id."},
	{block: "isc", name: "client_secret", env: "SAILPOINT_CLIENT_SECRET", required: true, sensitive: true, role: roleCredential,
		text:        func(c *configuration) *string { return &c.isc.ClientSecret },
		description: "OAuth2 client secret."},
	{block: "isc", name: "rate_limit", env: "SAILPOINT_RATE_LIMIT", fallback: strconv.Itoa(isc.DefaultRateLimit),
		number:      func(c *configuration) *int { return &c.isc.RateLimit },
		description: rateLimitDescription + " SailPoint allows 100 per client id."},

	{block: "poozle", name: "endpoint", env: "POOZLE_ENDPOINT", required: true, url: true, role: roleEndpoint,
		text:        func(c *configuration) *string { return &c.poozle.Endpoint },
		description: "Base URL of the Poozle server, such as `https://poozle.example.com`."},
	{block: "poozle", name: "token", env: "POOZLE_TOKEN", required: true, sensitive: true, role: roleCredential,
		text:        func(c *configuration) *string { return &c.poozle.Token },
		description: "API token (Settings → API Keys)."},
	{block: "poozle", name: "rate_limit", env: "POOZLE_RATE_LIMIT", fallback: strconv.Itoa(poozle.DefaultRateLimit),
		number:      func(c *configuration) *int { return &c.poozle.RateLimit },
		description: rateLimitDescription},

	{block: "b3os", name: "endpoint", env: "B3OS_ENDPOINT", fallback: b3os.DefaultEndpoint, required: true, url: true, role: roleEndpoint,
		text:        func(c *configuration) *string { return &c.b3os.Endpoint },
		description: "API base URL."},
	{block: "b3os", name: "api_key", env: "B3OS_API_KEY", required: true, sensitive: true, role: roleCredential,
		text:        func(c *configuration) *string { return &c.b3os.APIKey },
		description: "API key (`b3sk_...`) or user token."},
	{block: "b3os", name: "organization_id", env: "B3OS_ORGANIZATION_ID", required: true, role: roleCredential,
		text:        func(c *configuration) *string { return &c.b3os.OrganizationID },
		description: "Organization id (`org_...`), sent as the `X-Org-ID` header."},
	{block: "b3os", name: "rate_limit", env: "B3OS_RATE_LIMIT", fallback: strconv.Itoa(b3os.DefaultRateLimit),
		number:      func(c *configuration) *int { return &c.b3os.RateLimit },
		description: rateLimitDescription},

	{block: "teal", name: "endpoint", env: "TEAL_ENDPOINT", fallback: teal.DefaultEndpoint, required: true, url: true, role: roleEndpoint,
		text:        func(c *configuration) *string { return &c.teal.Endpoint },
		description: "API base URL; `https://api.goteal.co` for production."},
	{block: "teal", name: "api_key", env: "TEAL_API_KEY", required: true, sensitive: true, role: roleCredential,
		text:        func(c *configuration) *string { return &c.teal.APIKey },
		description: "Client API key, sent as `X-API-KEY`."},
	{block: "teal", name: "rate_limit", env: "TEAL_RATE_LIMIT", fallback: strconv.Itoa(teal.DefaultRateLimit),
		number:      func(c *configuration) *int { return &c.teal.RateLimit },
		description: rateLimitDescription},
}

func (s setting) path() path.Path {
	if s.block == "" {
		return path.Root(s.name)
	}
	return path.Root(s.block).AtName(s.name)
}

func (s setting) String() string {
	return s.path().String()
}

// fullDescription adds the environment variable and default to the description, so that the
// generated documentation states them.
func (s setting) fullDescription() string {
	text := s.description + " Environment variable: `" + s.env + "`."
	if s.fallback != "" {
		text += " Default: `" + s.fallback + "`."
	}
	return text
}

// Environment maps provider settings, by attribute path ("isc.client_id"), to the environment
// variables that set them: for tools that print or set a provider environment.
func Environment(values map[string]string) map[string]string {
	env := make(map[string]string, len(values))
	for _, s := range settings {
		if value, ok := values[s.String()]; ok {
			env[s.env] = value
		}
	}
	return env
}

// resolve reads each setting from the configuration, then the environment, then its default,
// into a typed configuration. It returns the settings whose configured value is unknown, and the
// first invalid value.
func resolve(config map[string]attr.Value) (*configuration, []setting, *settingError) {
	c := &configuration{}
	var unknown []setting
	for _, s := range settings {
		configured := configuredValue(config, s)
		value := s.fallback
		switch {
		case configured.IsUnknown():
			unknown = append(unknown, s)
			continue
		case !configured.IsNull():
			value = stringOf(configured)
		case os.Getenv(s.env) != "":
			value = strings.TrimSpace(os.Getenv(s.env))
		}
		if err := s.set(c, value); err != nil {
			return nil, unknown, err
		}
	}
	return c, unknown, nil
}

func (s setting) set(c *configuration, value string) *settingError {
	if s.flag != nil {
		b, err := strconv.ParseBool(value)
		if err != nil {
			return &settingError{s, fmt.Sprintf("must be true or false, not %q", value)}
		}
		*s.flag(c) = b
		return nil
	}
	if s.number != nil {
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 {
			return &settingError{s, fmt.Sprintf("must be a whole number of 0 or more, not %q", value)}
		}
		*s.number(c) = n
		return nil
	}
	if s.url && value != "" {
		if _, err := transport.ParseBaseURL(value, c.allowInsecureHTTP); err != nil {
			return &settingError{s, err.Error()}
		}
	}
	*s.text(c) = value
	return nil
}

func configuredValue(config map[string]attr.Value, s setting) attr.Value {
	if s.block == "" {
		return config[s.name]
	}
	block, ok := config[s.block].(types.Object)
	if !ok || block.IsNull() {
		return types.StringNull()
	}
	if block.IsUnknown() {
		return types.StringUnknown()
	}
	return block.Attributes()[s.name]
}

func stringOf(v attr.Value) string {
	switch value := v.(type) {
	case basetypes.StringValue:
		return value.ValueString()
	case basetypes.Int64Value:
		return strconv.FormatInt(value.ValueInt64(), 10)
	case basetypes.BoolValue:
		return strconv.FormatBool(value.ValueBool())
	}
	return v.String()
}

// transportSettings names, for the errors of an API's client, the settings that govern it.
func transportSettings(block string) transport.Settings {
	named := func(role string) string {
		var names, envs []string
		for _, s := range settings {
			if s.block == block && s.role == role {
				names, envs = append(names, s.String()), append(envs, s.env)
			}
		}
		if len(names) == 0 {
			return ""
		}
		return fmt.Sprintf("%s (%s)", strings.Join(names, " and "), strings.Join(envs, ", "))
	}
	result := transport.Settings{Endpoint: named(roleEndpoint), TokenURL: named(roleTokenURL), Credentials: named(roleCredential)}
	if result.TokenURL != "" {
		result.TokenURL += ", which defaults from " + result.Endpoint
	}
	return result
}

// missing names the required settings of an API that have no value, as an error a user can act on.
func (c *configuration) missing(block string) error {
	var names []string
	for _, s := range settings {
		if s.block == block && s.required && *s.text(c) == "" {
			names = append(names, fmt.Sprintf("%s (environment variable %s)", s, s.env))
		}
	}
	if len(names) == 0 {
		return nil
	}
	return fmt.Errorf("%s settings are missing: set %s in the provider configuration", blockTitle(block), strings.Join(names, " and "))
}
