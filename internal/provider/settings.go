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
	"github.com/tf-accounts/terraform-provider-accounts/internal/teal"
)

// setting is one provider setting: an optional attribute that falls back to an environment
// variable, then to a default. The schema, its documentation and the resolution all come from
// the settings list below.
type setting struct {
	block       string // "" for a top-level attribute, else the API's nested attribute
	name        string
	env         string
	fallback    string // default when neither the configuration nor the environment sets it
	required    bool   // required for the API to be usable (checked only when a resource uses it)
	sensitive   bool
	integer     bool
	description string
}

// blocks are the nested attributes, one per API, with what they describe.
var blocks = []struct{ name, title, description string }{
	{"isc", "SailPoint ISC", "SailPoint Identity Security Cloud, used by `accounts_isc_account`: an OAuth2 client (personal access token or API client) with `idn:accounts:manage`, `idn:accounts-state:manage` and `idn:task-management:read`."},
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

var rateLimitDefault = strconv.Itoa(isc.DefaultRateLimit)

const rateLimitDescription = "Maximum requests sent to this API in any 10-second window, retries included."

var settings = []setting{
	{name: "max_retries", env: "ACCOUNTS_MAX_RETRIES", fallback: "5", integer: true,
		description: "Retries of a request that failed in a way that is safe to retry: 429 answers for any request, 5xx answers and connection errors for reads, updates and deletes. A create is never sent again once it may have reached the server."},
	{name: "request_timeout", env: "ACCOUNTS_REQUEST_TIMEOUT", fallback: "60s",
		description: "Time limit of one HTTP attempt, as a Go duration such as `30s` or `2m`. Resource `timeouts` bound whole operations."},

	{block: "isc", name: "base_url", env: "SAILPOINT_BASE_URL", required: true,
		description: "API base URL of the tenant, such as `https://acme.api.identitynow.com`."},
	{block: "isc", name: "token_url", env: "SAILPOINT_TOKEN_URL",
		description: "OAuth2 token endpoint. Defaults to `<base_url>/oauth/token`."},
	{block: "isc", name: "client_id", env: "SAILPOINT_CLIENT_ID", required: true,
		description: "OAuth2 client id."},
	{block: "isc", name: "client_secret", env: "SAILPOINT_CLIENT_SECRET", required: true, sensitive: true,
		description: "OAuth2 client secret."},
	{block: "isc", name: "rate_limit", env: "SAILPOINT_RATE_LIMIT", fallback: rateLimitDefault, integer: true,
		description: rateLimitDescription + " SailPoint allows 100 per client id."},

	{block: "poozle", name: "endpoint", env: "POOZLE_ENDPOINT", required: true,
		description: "Base URL of the Poozle server, such as `https://poozle.example.com`."},
	{block: "poozle", name: "token", env: "POOZLE_TOKEN", required: true, sensitive: true,
		description: "API token (Settings → API Keys)."},
	{block: "poozle", name: "rate_limit", env: "POOZLE_RATE_LIMIT", fallback: rateLimitDefault, integer: true,
		description: rateLimitDescription},

	{block: "b3os", name: "endpoint", env: "B3OS_ENDPOINT", fallback: b3os.DefaultEndpoint, required: true,
		description: "API base URL."},
	{block: "b3os", name: "api_key", env: "B3OS_API_KEY", required: true, sensitive: true,
		description: "API key (`b3sk_...`) or user token."},
	{block: "b3os", name: "organization_id", env: "B3OS_ORGANIZATION_ID", required: true,
		description: "Organization id (`org_...`), sent as the `X-Org-ID` header."},
	{block: "b3os", name: "rate_limit", env: "B3OS_RATE_LIMIT", fallback: rateLimitDefault, integer: true,
		description: rateLimitDescription},

	{block: "teal", name: "endpoint", env: "TEAL_ENDPOINT", fallback: teal.DefaultEndpoint, required: true,
		description: "API base URL; `https://api.goteal.co` for production."},
	{block: "teal", name: "api_key", env: "TEAL_API_KEY", required: true, sensitive: true,
		description: "Client API key, sent as `X-API-KEY`."},
	{block: "teal", name: "rate_limit", env: "TEAL_RATE_LIMIT", fallback: rateLimitDefault, integer: true,
		description: rateLimitDescription},
}

func settingNamed(name string) setting {
	for _, s := range settings {
		if s.String() == name {
			return s
		}
	}
	panic("no provider setting " + name)
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

// resolved holds the value of every setting, keyed by its path ("isc.client_id").
type resolved map[string]string

// resolve reads each setting from the configuration, then the environment, then its default. It
// returns the settings whose configured value is unknown.
func resolve(config map[string]attr.Value) (resolved, []setting) {
	values := resolved{}
	var unknown []setting
	for _, s := range settings {
		configured := configuredValue(config, s)
		switch {
		case configured.IsUnknown():
			unknown = append(unknown, s)
		case !configured.IsNull():
			values[s.String()] = stringOf(configured)
		case os.Getenv(s.env) != "":
			values[s.String()] = strings.TrimSpace(os.Getenv(s.env))
		default:
			values[s.String()] = s.fallback
		}
	}
	return values, unknown
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
	}
	return v.String()
}

// missing names the required settings of an API that have no value, as an error a user can act on.
func (r resolved) missing(block string) error {
	var names []string
	for _, s := range settings {
		if s.block == block && s.required && r[s.String()] == "" {
			names = append(names, fmt.Sprintf("%s (environment variable %s)", s, s.env))
		}
	}
	if len(names) == 0 {
		return nil
	}
	return fmt.Errorf("%s settings are missing: set %s in the provider configuration", blockTitle(block), strings.Join(names, " and "))
}

func (r resolved) integer(name string) int {
	n, _ := strconv.Atoi(r[name]) // validated by validate
	return n
}
