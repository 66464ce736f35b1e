// Package provider wires the API packages into one Terraform provider: its configuration, the
// clients built from it, and the list of resources.
package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

var (
	_ provider.Provider                       = (*accountsProvider)(nil)
	_ provider.ProviderWithListResources      = (*accountsProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*accountsProvider)(nil)
	_ provider.ProviderWithActions            = (*accountsProvider)(nil)
)

// New returns a constructor of the provider for a release version ("dev" for local builds, "test" in tests).
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &accountsProvider{version: version}
	}
}

type accountsProvider struct {
	version string
}

func (p *accountsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "accounts"
	resp.Version = p.version
}

func (p *accountsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages accounts on " + apiTitles() + ". " +
			"Every setting is optional here and falls back to an environment variable; an API's settings are " +
			"needed only when a resource of that API is used.",
		Attributes: providerAttributes(),
	}
}

// apiTitles names the APIs served, as a sentence lists them.
func apiTitles() string {
	titles := make([]string, len(APIs))
	for i, api := range APIs {
		titles[i] = api.Title
	}
	last := len(titles) - 1
	if last < 1 {
		return strings.Join(titles, "")
	}
	return strings.Join(titles[:last], ", ") + " and " + titles[last]
}

func providerAttributes() map[string]schema.Attribute {
	attributes := map[string]schema.Attribute{}
	nested := map[string]map[string]schema.Attribute{}
	for _, s := range settings {
		target := attributes
		if s.block != "" {
			if nested[s.block] == nil {
				nested[s.block] = map[string]schema.Attribute{}
			}
			target = nested[s.block]
		}
		switch s.Kind {
		case kit.Number:
			target[s.Name] = schema.Int64Attribute{Optional: true, Sensitive: s.Sensitive, MarkdownDescription: s.fullDescription()}
		case kit.Flag:
			target[s.Name] = schema.BoolAttribute{Optional: true, MarkdownDescription: s.fullDescription()}
		default:
			target[s.Name] = schema.StringAttribute{Optional: true, Sensitive: s.Sensitive, MarkdownDescription: s.fullDescription()}
		}
	}
	for _, api := range APIs {
		attributes[api.Name] = schema.SingleNestedAttribute{Optional: true, Attributes: nested[api.Name], MarkdownDescription: api.Description}
	}
	return attributes
}

func (p *accountsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config types.Object
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resolved, invalid := resolve(config.Attributes())
	if invalid == nil {
		invalid = validateTimeout(resolved)
	}
	if invalid != nil {
		resp.Diagnostics.AddAttributeError(invalid.setting.path(), "Invalid provider setting "+invalid.setting.String(), invalid.Error())
		return
	}
	// A setting known only after apply (another resource's output) leaves its API without a
	// client while planning: what needs that API fails, naming the setting (kit.Named.Ready).
	// Where Terraform allows deferral (Stacks), the whole plan of this provider waits instead.
	if req.ClientCapabilities.DeferralAllowed && len(resolved.unknown) > 0 {
		resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
		return
	}
	clients := newClients(resolved, commonTransport(resolved, p.version, req.TerraformVersion))
	resp.ResourceData = clients
	resp.DataSourceData = clients
	resp.ListResourceData = clients
	resp.EphemeralResourceData = clients
	resp.ActionData = clients
}

func (p *accountsProvider) Resources(_ context.Context) []func() resource.Resource {
	return fromAPIs(func(api kit.API) []func() resource.Resource { return api.Resources })
}

// ListResources serve terraform query (Terraform 1.14 and later).
func (p *accountsProvider) ListResources(_ context.Context) []func() list.ListResource {
	return fromAPIs(func(api kit.API) []func() list.ListResource { return api.ListResources })
}

func (p *accountsProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return fromAPIs(func(api kit.API) []func() datasource.DataSource { return api.DataSources })
}

// EphemeralResources are opened and closed within one Terraform run (Terraform 1.10 and later).
func (p *accountsProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return fromAPIs(func(api kit.API) []func() ephemeral.EphemeralResource { return api.EphemeralResources })
}

// Actions are invoked by action blocks and triggers (Terraform 1.14 and later).
func (p *accountsProvider) Actions(_ context.Context) []func() action.Action {
	return fromAPIs(func(api kit.API) []func() action.Action { return api.Actions })
}

// fromAPIs joins what each API serves of one kind.
func fromAPIs[T any](of func(kit.API) []T) []T {
	var all []T
	for _, api := range APIs {
		all = append(all, of(api)...)
	}
	return all
}

// settingError is an invalid value, with the setting it belongs to.
type settingError struct {
	setting setting
	problem string
}

func (e *settingError) Error() string {
	return fmt.Sprintf("%s (set in the configuration or in %s) %s.", e.setting, e.setting.Env, e.problem)
}

func validateTimeout(c *configuration) *settingError {
	if c.isUnknown("", "request_timeout") {
		return nil
	}
	if timeout, err := time.ParseDuration(c.requestTimeout()); err != nil || timeout <= 0 {
		return &settingError{settingNamed("request_timeout"), fmt.Sprintf("must be a positive Go duration such as 30s or 2m, not %q", c.requestTimeout())}
	}
	return nil
}

func settingNamed(name string) setting {
	for _, s := range settings {
		if s.String() == name {
			return s
		}
	}
	panic("no provider setting " + name)
}

// commonTransport is the transport configuration every client starts from.
func commonTransport(c *configuration, version, terraformVersion string) transport.Config {
	timeout, _ := time.ParseDuration(c.requestTimeout()) // validated by validateTimeout
	return transport.Config{
		UserAgent:      transport.UserAgent(version, terraformVersion),
		RateWindow:     10 * time.Second,
		MaxRetries:     c.maxRetries(),
		RetryWaitMin:   time.Second,
		RetryWaitMax:   30 * time.Second,
		RequestTimeout: timeout,
	}
}
