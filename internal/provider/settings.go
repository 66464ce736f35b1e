package provider

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// setting is one provider setting: an API's (see kit.API), or one every API shares. The schema,
// its documentation, the environment variables and the values the clients are built from all
// come from the settings list below.
type setting struct {
	block string // "" for a top-level attribute, else the API's nested attribute
	kit.Setting
}

// configuration is the resolved provider configuration: each block's values, checked against
// their kinds; "" holds the top-level ones. unknown holds, by block, the settings whose
// configured value is known only after apply.
type configuration struct {
	values  map[string]kit.SettingValues
	unknown map[string][]setting
}

func (c *configuration) maxRetries() int         { return c.values[""].Number("max_retries") }
func (c *configuration) requestTimeout() string  { return c.values[""].Text("request_timeout") }
func (c *configuration) allowInsecureHTTP() bool { return c.values[""].Flag("allow_insecure_http") }

// commonSettings govern every API.
var commonSettings = []kit.Setting{
	{Name: "max_retries", Env: "ACCOUNTS_MAX_RETRIES", Default: "5", Kind: kit.Number,
		Description: "Retries of a request that failed in a way that is safe to retry: 429 answers for any request, 5xx answers and connection errors for reads, updates and deletes. A create is never sent again once it may have reached the server."},
	{Name: "request_timeout", Env: "ACCOUNTS_REQUEST_TIMEOUT", Default: "60s",
		Description: "Time limit of one HTTP attempt, as a Go duration such as `30s` or `2m`. Resource `timeouts` bound whole operations; " +
			"a server that takes requests and never answers fails a read after two attempts."},
	// Before the URL settings: their check depends on it.
	{Name: "allow_insecure_http", Env: "ACCOUNTS_ALLOW_INSECURE_HTTP", Default: "false", Kind: kit.Flag,
		Description: "Allow `http://` endpoints on hosts other than loopback, which send credentials unencrypted. Without it such an endpoint fails the plan."},
}

// settings are the common settings, then each API's, in the order of APIs.
var settings = func() []setting {
	var all []setting
	for _, s := range commonSettings {
		all = append(all, setting{Setting: s})
	}
	for _, api := range APIs {
		for _, s := range api.Settings {
			all = append(all, setting{block: api.Name, Setting: s})
		}
	}
	return all
}()

func blockTitle(name string) string {
	for _, api := range APIs {
		if api.Name == name {
			return api.Title
		}
	}
	return name
}

func (s setting) path() path.Path {
	if s.block == "" {
		return path.Root(s.Name)
	}
	return path.Root(s.block).AtName(s.Name)
}

func (s setting) String() string {
	return s.path().String()
}

// fullDescription adds the environment variable and default to the description, so that the
// generated documentation states them.
func (s setting) fullDescription() string {
	text := s.Description + " Environment variable: `" + s.Env + "`."
	if s.Default != "" {
		text += " Default: `" + s.Default + "`."
	}
	return text
}

// Environment maps provider settings, by attribute path ("isc.client_id"), to the environment
// variables that set them: for tools that print or set a provider environment.
func Environment(values map[string]string) map[string]string {
	env := make(map[string]string, len(values))
	for _, s := range settings {
		if value, ok := values[s.String()]; ok {
			env[s.Env] = value
		}
	}
	return env
}

// resolve reads each setting from the configuration, then the environment, then its default,
// into a typed configuration, or returns the first invalid value. A setting whose configured
// value is unknown (known only after apply) is left unset and recorded as unknown.
func resolve(config map[string]attr.Value) (*configuration, *settingError) {
	c := &configuration{values: map[string]kit.SettingValues{}, unknown: map[string][]setting{}}
	for _, s := range settings {
		if c.values[s.block] == nil {
			c.values[s.block] = kit.SettingValues{}
		}
		configured := configuredValue(config, s)
		value := s.Default
		switch {
		case configured.IsUnknown():
			c.unknown[s.block] = append(c.unknown[s.block], s)
			continue
		case !configured.IsNull():
			value = stringOf(configured)
		case os.Getenv(s.Env) != "":
			value = strings.TrimSpace(os.Getenv(s.Env))
		}
		if err := s.check(c, value); err != nil {
			return nil, err
		}
		c.values[s.block][s.Name] = value
	}
	return c, nil
}

// unknownFor returns the error of an API whose own settings or shared settings are unknown,
// naming them; nil when all are known.
func (c *configuration) unknownFor(block string) *kit.UnknownSettingsError {
	var names []string
	for _, s := range append(slices.Clone(c.unknown[""]), c.unknown[block]...) {
		names = append(names, s.String())
	}
	if len(names) == 0 {
		return nil
	}
	return &kit.UnknownSettingsError{Settings: names}
}

// isUnknown tells whether the setting of block named name is known only after apply.
func (c *configuration) isUnknown(block, name string) bool {
	return slices.ContainsFunc(c.unknown[block], func(s setting) bool { return s.Name == name })
}

// check refuses a value that is not of the setting's kind; URLs are checked as the transport
// will use them, against allow_insecure_http, which is resolved before them (and once it is
// known: the apply checks them).
func (s setting) check(c *configuration, value string) *settingError {
	switch {
	case s.URL && c.isUnknown("", "allow_insecure_http"):
		return nil
	case s.Kind == kit.Flag:
		if _, err := strconv.ParseBool(value); err != nil {
			return &settingError{s, fmt.Sprintf("must be true or false, not %q", value)}
		}
	case s.Kind == kit.Number:
		if n, err := strconv.Atoi(value); err != nil || n < 0 {
			return &settingError{s, fmt.Sprintf("must be a whole number of 0 or more, not %q", value)}
		}
	case s.URL && value != "":
		if _, err := transport.ParseBaseURL(value, c.allowInsecureHTTP()); err != nil {
			return &settingError{s, err.Error()}
		}
	}
	return nil
}

func configuredValue(config map[string]attr.Value, s setting) attr.Value {
	if s.block == "" {
		return config[s.Name]
	}
	block, ok := config[s.block].(types.Object)
	if !ok || block.IsNull() {
		return types.StringNull()
	}
	if block.IsUnknown() {
		return types.StringUnknown()
	}
	return block.Attributes()[s.Name]
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
	named := func(role kit.SettingRole) string {
		var names, envs []string
		for _, s := range settings {
			if s.block == block && s.Role == role {
				names, envs = append(names, s.String()), append(envs, s.Env)
			}
		}
		if len(names) == 0 {
			return ""
		}
		return fmt.Sprintf("%s (%s)", strings.Join(names, " and "), strings.Join(envs, ", "))
	}
	result := transport.Settings{Endpoint: named(kit.RoleEndpoint), TokenURL: named(kit.RoleTokenURL), Credentials: named(kit.RoleCredential)}
	if result.TokenURL != "" {
		result.TokenURL += ", which defaults from " + result.Endpoint
	}
	return result
}

// missing names the required settings of an API that have no value, as an error a user can act on.
func (c *configuration) missing(block string) error {
	var names []string
	for _, s := range settings {
		if s.block == block && s.Required && c.values[block][s.Name] == "" && !c.isUnknown(block, s.Name) {
			names = append(names, fmt.Sprintf("%s (environment variable %s)", s, s.Env))
		}
	}
	if len(names) == 0 {
		return nil
	}
	return fmt.Errorf("%s settings are missing: set %s in the provider configuration", blockTitle(block), strings.Join(names, " and "))
}
