package poozle

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
)

var (
	_ resource.Resource                     = (*integrationAccountResource)(nil)
	_ resource.ResourceWithConfigure        = (*integrationAccountResource)(nil)
	_ resource.ResourceWithConfigValidators = (*integrationAccountResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*integrationAccountResource)(nil)
	_ resource.ResourceWithImportState      = (*integrationAccountResource)(nil)
	_ resource.ResourceWithIdentity         = (*integrationAccountResource)(nil)
)

const noun = "Poozle integration account"

// NewIntegrationAccountResource is the constructor the provider registers.
func NewIntegrationAccountResource() resource.Resource {
	return &integrationAccountResource{Resource: kit.NewResource("_poozle_integration_account", apiTitle, clientOf,
		kit.IDIdentitySchema("The `integrationAccountId` Poozle assigned."))}
}

type integrationAccountResource struct {
	kit.Resource[*Client]
}

func (r *integrationAccountResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keepState := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An integration account on Poozle: the credentials of one third-party integration (GitHub, Jira...) " +
			"in a workspace. Poozle does not deduplicate accounts, so a create whose outcome is unknown is looked up, never sent twice.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, PlanModifiers: keepState,
				MarkdownDescription: "The `integrationAccountId` Poozle assigned.",
			},
			"workspace_id": schema.StringAttribute{
				Required: true, PlanModifiers: replace, Validators: []validator.String{workspaceID},
				MarkdownDescription: "Id of the workspace that holds the account, a UUID (Poozle makes every workspace id one; its REST API " +
					"cannot confirm that a workspace exists, so a well-formed id of no workspace fails at apply). Changing it creates a new account.",
			},
			"integration_definition_id": schema.StringAttribute{
				Required: true, PlanModifiers: replace, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Id of the integration definition (the integration, such as GitHub). Changing it creates a new account.",
			},
			"auth_type": schema.StringAttribute{
				Required: true, PlanModifiers: replace, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "How the account authenticates, one of the definition's auth types such as `Api Key` or " +
					"`OAuth2`; checked against the definition's specification at plan time. Changing it creates a new account.",
			},
			"name": schema.StringAttribute{
				Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Name of the account, shown in Poozle's UI. Updated in place.",
			},
			"account_identifier": schema.StringAttribute{
				Optional: true, PlanModifiers: replace, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Your own identifier for the account. Poozle does not require it to be unique. Changing it creates a new account.",
			},
			"config": schema.MapAttribute{
				ElementType: types.StringType, Optional: true, Sensitive: true, Validators: []validator.Map{nonEmptyValues},
				MarkdownDescription: "The integration's inputs for `auth_type`, such as `{ api_key = \"...\", org = \"...\" }`: exactly " +
					"the keys the definition's specification lists, checked at plan time. Updated in place. Stored in state; use " +
					"`config_wo` to keep it out. A `refresh_token` the server rotates is not reported as drift.",
			},
			"config_wo": schema.MapAttribute{
				ElementType: types.StringType, Optional: true, Sensitive: true, WriteOnly: true,
				Validators: []validator.Map{nonEmptyValues, mapvalidator.AlsoRequires(path.MatchRoot("config_wo_version"))},
				MarkdownDescription: "Write-only alternative to `config` (Terraform 1.11 or later): sent to Poozle, never stored " +
					"in state or plan. Checked against the specification at apply. Sent on create and whenever `config_wo_version` changes; " +
					"other updates keep the config Poozle holds.",
			},
			"config_wo_version": schema.Int64Attribute{
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("config_wo"))},
				MarkdownDescription: "Version of `config_wo`. Change it (for example, increment it) to send a new `config_wo` to Poozle.",
			},
			"sync_enabled": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether Poozle syncs the integration's data on a schedule. Defaults to `false`.",
			},
			"sync_period": schema.StringAttribute{
				Optional: true, Validators: []validator.String{stringvalidator.OneOf(syncPeriods...)},
				MarkdownDescription: "How often Poozle syncs: one of " + backquoted(syncPeriods) + ". Unset: none is stored.",
			},
			"link_id":    schema.StringAttribute{Computed: true, PlanModifiers: keepState, MarkdownDescription: "Id of the Poozle link the account was created through, if any."},
			"created_at": schema.StringAttribute{Computed: true, PlanModifiers: keepState, MarkdownDescription: "When the account was created (RFC 3339)."},
			"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "When the account was last updated (RFC 3339)."},
			"timeouts":   kit.TimeoutsAttribute(ctx, "Time limits of create, update and delete, retries included; 10 minutes each by default."),
		},
	}
}

// workspaceID fails a workspace id that cannot be one at plan time: Poozle's Workspace model
// defaults its id to uuid() [confirmed, schema.prisma], and a create naming no workspace answers 500.
var workspaceID = kit.UUID("Poozle makes every workspace id one; copy it whole")

// nonEmptyValues fails an empty config value at plan time: the integration's credential check
// refuses it. The message tells the value's length, never the value.
var nonEmptyValues = mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))

func backquoted(values []string) string {
	return "`" + strings.Join(values, "`, `") + "`"
}

func (r *integrationAccountResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.ExactlyOneOf(path.MatchRoot("config"), path.MatchRoot("config_wo"))}
}

// ModifyPlan checks auth_type and the config keys against the definition's specification, so a
// mistake shows in the plan, as a warning (kit.PlanWarnings), and fails the apply before the
// create is sent. A config from config_wo, or not known yet, is checked at apply only.
func (r *integrationAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, cancel := kit.WithReadTimeout(ctx)
	defer cancel()
	if req.Plan.Raw.IsNull() || req.Plan.Raw.Equal(req.State.Raw) || r.Client == nil {
		return
	}
	var plan integrationAccountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...)
	if resp.Diagnostics.HasError() || plan.IntegrationDefinitionID.IsUnknown() || plan.AuthType.IsUnknown() {
		return
	}
	var found diag.Diagnostics
	want, known := r.configKeys(ctx, plan, &found)
	if known && !plan.Config.IsUnknown() && !plan.Config.IsNull() {
		got := slices.Sorted(maps.Keys(plan.Config.Elements()))
		checkConfigKeys(&found, path.Root("config"), plan.AuthType.ValueString(), want, got)
	}
	kit.PlanWarnings(&resp.Diagnostics, found)
}

func (r *integrationAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan integrationAccountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...)
	ctx, cancel := kit.WithTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	defer cancel()
	config := r.configuredConfig(ctx, req.Config, plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = maskingConfig(ctx, config)
	created := kit.Create(ctx, resp, kit.Creation[IntegrationAccount, integrationAccountModel]{
		Noun:    noun,
		Pending: plan.pending(),
		Submit: func(ctx context.Context) (string, *IntegrationAccount, error) {
			account, err := r.Client.CreateIntegrationAccount(ctx, plan.createRequest(config))
			return "", account, err
		},
		Find: r.findCreated(plan),
	})
	if created == nil {
		return
	}
	plan.fillComputed(created)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &plan)...)
}

// configuredConfig is the config the configuration sets, from config or config_wo, checked
// against the specification.
func (r *integrationAccountResource) configuredConfig(ctx context.Context, config tfsdk.Config, plan integrationAccountModel, diags *diag.Diagnostics) map[string]string {
	source, where := plan.Config, path.Root("config")
	if source.IsNull() {
		where = path.Root("config_wo")
		diags.Append(config.GetAttribute(ctx, where, &source)...)
	}
	values := stringMap(source)
	if want, known := r.configKeys(ctx, plan, diags); known {
		checkConfigKeys(diags, where, plan.AuthType.ValueString(), want, slices.Sorted(maps.Keys(values)))
	}
	return values
}

// maskingConfig registers config values as secrets (see remember) and returns ctx masking them
// in the root logger's lines of the rest of the call.
func maskingConfig(ctx context.Context, configs ...map[string]string) context.Context {
	var secrets []string
	for _, config := range configs {
		secrets = append(secrets, remember(config)...)
	}
	return redact.Masking(ctx, secrets...)
}

// findCreated looks for the account an unfinished create of plan made. Poozle has no filter, so the
// workspace's accounts are listed; of several matches the oldest is the attempt's.
func (r *integrationAccountResource) findCreated(plan integrationAccountModel) func(context.Context, kit.Unfinished) (*IntegrationAccount, error) {
	return func(ctx context.Context, record kit.Unfinished) (*IntegrationAccount, error) {
		accounts, err := r.Client.IntegrationAccounts(ctx, plan.WorkspaceID.ValueString())
		if err != nil {
			return nil, err
		}
		var found *IntegrationAccount
		for i := range accounts {
			if plan.madeBy(accounts[i], record) && (found == nil || accounts[i].CreatedAt < found.CreatedAt) {
				found = &accounts[i]
			}
		}
		return found, nil
	}
}

func (r *integrationAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state integrationAccountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = maskingConfig(ctx, stringMap(state.Config))
	account := kit.Read(ctx, req, resp, kit.Reading[IntegrationAccount]{
		Noun:     noun,
		ID:       state.ID.ValueString(),
		Describe: fmt.Sprintf("%q (id %s)", state.Name.ValueString(), state.ID.ValueString()),
		Get:      r.Client.IntegrationAccount,
		Find:     r.findCreated(state),
	})
	if account == nil {
		return
	}
	state.fill(account)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &state)...)
}

// Update sends the full desired account. Config values the user did not change are taken from
// the server, so a rotated refresh token, or a config_wo whose version did not change, is not
// overwritten with an older value.
func (r *integrationAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state integrationAccountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...)
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	ctx, cancel := kit.WithTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = maskingConfig(ctx, stringMap(plan.Config), stringMap(state.Config))
	current, err := r.Client.IntegrationAccount(ctx, state.ID.ValueString())
	if err != nil {
		kit.APIError(&resp.Diagnostics, "Could not read the "+noun+" before updating it", err, "Run terraform apply again; a refresh removes an account that no longer exists.")
		return
	}
	config := r.desiredConfig(ctx, req.Config, plan, state, configStrings(current.Config), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = maskingConfig(ctx, config)
	updated, err := r.Client.UpdateIntegrationAccount(ctx, state.ID.ValueString(), plan.updateRequest(config))
	if err != nil {
		kit.APIError(&resp.Diagnostics, "Could not update the "+noun, err, "")
		return
	}
	plan.fillComputed(updated)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &plan)...)
}

// desiredConfig is the config an update sends. With config, rotated keys the user left as they
// were take the server's value. With config_wo, the configuration's value is sent only when
// config_wo_version changed; otherwise the server's config is kept as it is.
func (r *integrationAccountResource) desiredConfig(ctx context.Context, config tfsdk.Config, plan, state integrationAccountModel,
	server map[string]string, diags *diag.Diagnostics) map[string]string {
	if plan.Config.IsNull() && plan.ConfigWOVersion.Equal(state.ConfigWOVersion) && state.Config.IsNull() {
		return server
	}
	desired := r.configuredConfig(ctx, config, plan, diags)
	for _, key := range rotatedConfigKeys {
		_, held := server[key]
		if held && !plan.Config.IsNull() && desired[key] == stringMap(state.Config)[key] {
			desired[key] = server[key]
		}
	}
	return desired
}

func (r *integrationAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	var state integrationAccountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	ctx, cancel := kit.WithTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = maskingConfig(ctx, stringMap(state.Config))
	kit.Delete(ctx, req, resp, kit.Deletion[IntegrationAccount]{
		Noun:   noun,
		ID:     state.ID.ValueString(),
		Settle: kit.Settle(r.findCreated(state)),
		IDOf:   func(a *IntegrationAccount) string { return a.ID },
		Delete: r.Client.DeleteIntegrationAccount,
	})
}

// ImportState takes an account id, or an identity. config is read from Poozle; config_wo cannot be imported.
func (r *integrationAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ctx, cancel := kit.WithReadTimeout(ctx)
	defer cancel()
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
}
