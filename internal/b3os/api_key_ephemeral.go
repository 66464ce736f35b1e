package b3os

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

var (
	_ ephemeral.EphemeralResource              = (*apiKeyEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*apiKeyEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*apiKeyEphemeral)(nil)
)

const (
	// defaultEphemeralName names an ephemeral key whose configuration names none.
	defaultEphemeralName = "terraform-ephemeral"
	// defaultLifetime and maxLifetime bound how long an ephemeral key may live, should Close
	// never come (a crashed run): long enough for a slow apply, short enough to be harmless.
	defaultLifetime = time.Hour
	maxLifetime     = 24 * time.Hour
	// openedKeyID names the private data that tells Close which key to revoke.
	openedKeyID = "key_id"
)

// NewAPIKeyEphemeral is the constructor the provider registers.
func NewAPIKeyEphemeral() ephemeral.EphemeralResource {
	return &apiKeyEphemeral{Ephemeral: kit.NewEphemeral("_b3os_api_key", apiTitle, clientOf)}
}

type apiKeyEphemeral struct {
	kit.Ephemeral[*Client]
}

type apiKeyEphemeralModel struct {
	ServiceAccountID types.String `tfsdk:"service_account_id"`
	Name             types.String `tfsdk:"name"`
	Description      types.String `tfsdk:"description"`
	Scope            types.String `tfsdk:"scope"`
	Lifetime         types.String `tfsdk:"lifetime"`
	ID               types.String `tfsdk:"id"`
	Key              types.String `tfsdk:"key"`
	ExpiresAt        types.String `tfsdk:"expires_at"`
}

func (e *apiKeyEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A B3OS API key that lives only during a Terraform run (Terraform 1.10 and later): minted when " +
			"Terraform opens it, revoked when Terraform closes it, and never in state or in a plan file. Terraform opens " +
			"an ephemeral resource in every run that needs it, the plan and the apply each, so `terraform apply` mints two " +
			"keys, and revokes each when its run is done.",
		Attributes: map[string]schema.Attribute{
			"service_account_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the service account the key authenticates as (`sa_...`).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Name of the key, as B3OS lists it while it lives; `" + defaultEphemeralName + "` when unset.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "What the key is for.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"scope": schema.StringAttribute{
				Required: true, MarkdownDescription: scopeDescription,
				Validators: []validator.String{stringvalidator.OneOf(Scopes...)},
			},
			"lifetime": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long the key may live should Terraform never close it (a crashed run), as a duration " +
					"such as `\"30m\"`; at most `\"24h\"`, `\"1h\"` when unset. The provider asks B3OS for that expiry " +
					"(`expiresAt`, which B3OS does not document), and revokes the key on close whatever it holds.",
				Validators: []validator.String{kit.PositiveDuration("Invalid lifetime"), maxDuration{}},
			},
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The key's id (`ak_...`).",
			},
			"key": schema.StringAttribute{
				Computed: true, Sensitive: true,
				MarkdownDescription: "The key's secret (`b3sk_...`), sent as `Authorization: Bearer <key>`.",
			},
			"expires_at": schema.StringAttribute{
				Computed: true, MarkdownDescription: "When the key expires at the latest (RFC 3339).",
			},
		},
	}
}

// Open mints the key. A mint whose answer was lost is revoked and minted again, as for the
// managed key; should every answer be lost, what they made is revoked before Open fails.
func (e *apiKeyEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	if !e.Ready(&resp.Diagnostics) {
		return
	}
	var m apiKeyEphemeralModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := kit.WithReadTimeout(ctx)
	defer cancel()
	started := time.Now().UTC()
	expires := started.Add(lifetimeOf(m.Lifetime)).Truncate(time.Second)
	in := APIKeyInput{Name: m.Name.ValueString(), Description: m.Description.ValueString(), Scope: m.Scope.ValueString(),
		ServiceAccountID: m.ServiceAccountID.ValueString(), ExpiresAt: expires.Format(time.RFC3339)}
	if in.Name == "" {
		in.Name = defaultEphemeralName
	}
	minting, err := newMinting(ctx, e.Client, in)
	if err != nil {
		kit.APIError(&resp.Diagnostics, "Could not list the service account's API keys", err, "Nothing was minted.")
		return
	}
	minted, err := minting.mint(ctx)
	if err != nil {
		minting.failed(ctx, kit.Unfinished{Started: started}, err, &resp.Diagnostics)
		return
	}
	minting.warnRevoked(&resp.Diagnostics)
	m.ID, m.Key, m.ExpiresAt = types.StringValue(minted.ID), types.StringValue(minted.Key), types.StringValue(expires.Format(time.RFC3339))
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
	id, _ := json.Marshal(minted.ID) // a string always encodes; private data must be JSON
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, openedKeyID, id)...)
}

// failed reports a mint that made no usable key, after revoking what it may have made: Open
// cannot leave a record to resolve later, so one look is all there is.
func (m *minting) failed(ctx context.Context, record kit.Unfinished, err error, diags *diag.Diagnostics) {
	remedy := ""
	if !kit.DefinitelyRefused(err) {
		_, lookErr := m.revokeOrphans(ctx, record)
		remedy = m.lostAnswers() + "."
		if lookErr != nil {
			remedy = "A key the mint may have made, named " + m.in.Name + ", could not be looked for (" + lookErr.Error() +
				"); it expires by itself if B3OS honors the expiry the provider asked for."
		}
	}
	kit.APIError(diags, "Could not mint the ephemeral "+keyNoun, err, remedy)
}

// Close revokes the key; one already gone counts as revoked.
func (e *apiKeyEphemeral) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	if !e.Ready(&resp.Diagnostics) {
		return
	}
	raw, diags := req.Private.GetKey(ctx, openedKeyID)
	var id string
	if resp.Diagnostics.Append(diags...); json.Unmarshal(raw, &id) != nil || id == "" {
		return // Open minted nothing
	}
	ctx, cancel := kit.WithReadTimeout(ctx)
	defer cancel()
	if err := e.Client.RevokeAPIKey(ctx, id); err != nil && !errors.Is(err, transport.ErrNotFound) {
		kit.APIError(&resp.Diagnostics, "Could not revoke the ephemeral "+keyNoun, err,
			"The key "+id+" stays active until it expires or is revoked in B3OS.")
	}
}

// lifetimeOf is a validated lifetime, or the default.
func lifetimeOf(value types.String) time.Duration {
	if d, err := time.ParseDuration(value.ValueString()); err == nil {
		return d
	}
	return defaultLifetime
}

// maxDuration refuses a lifetime beyond maxLifetime.
type maxDuration struct{}

func (maxDuration) Description(context.Context) string {
	return "must be at most " + maxLifetime.String()
}

func (v maxDuration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v maxDuration) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err == nil && d > maxLifetime {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid lifetime",
			req.Path.String()+" "+v.Description(ctx)+"; got "+req.ConfigValue.String()+".")
	}
}
