package isc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

var (
	_ resource.Resource                   = (*accountResource)(nil)
	_ resource.ResourceWithConfigure      = (*accountResource)(nil)
	_ resource.ResourceWithValidateConfig = (*accountResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*accountResource)(nil)
	_ resource.ResourceWithImportState    = (*accountResource)(nil)
	_ resource.ResourceWithIdentity       = (*accountResource)(nil)
)

// NewAccountResource is the constructor the provider registers.
func NewAccountResource() resource.Resource {
	return &accountResource{Resource: kit.NewResource("_isc_account", apiTitle, clientOf,
		kit.IDIdentitySchema("The account id ISC assigned."))}
}

type accountResource struct {
	kit.Resource[*Client]
}

func (r *accountResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keepState := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An account on a SailPoint Identity Security Cloud source. ISC creates, updates, disables, " +
			"enables and deletes accounts through asynchronous tasks; the resource waits for each task and then reads the account.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The account id ISC assigned (never the id of the task that created it).",
				PlanModifiers:       keepState,
			},
			"source_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the source that holds the account. Changing it creates a new account.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"attributes": schema.DynamicAttribute{
				Required: true,
				MarkdownDescription: "The account's attributes as the source's account schema names them, each a string or a list " +
					"of strings, such as `{ id = \"jdoe\", displayName = \"John Doe\", groups = [\"staff\"] }`. Must include the " +
					"native identity attribute. Only the attributes named here are compared with ISC, so attributes ISC adds cause no diff.",
				Validators: []validator.Dynamic{attributesValidator{}},
			},
			"native_identity_attribute": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The attribute whose value is the account's native identity. Defaults to the " +
					"`identityAttribute` of the source's account schema.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				// A value set after an import, where the state had none, changes no account.
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplaceIf(
					func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !req.StateValue.IsNull()
					}, "Changing it creates a new account.", "Changing it creates a new account.")},
			},
			"native_identity": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The account's unique id on the source: the value of `native_identity_attribute`. " +
					"Changing it creates a new account.",
			},
			"disabled": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Whether the account is disabled. Changing it runs ISC's disable or enable task. When unset, the account keeps the state ISC gives it.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"name":         schema.StringAttribute{Computed: true, MarkdownDescription: "Display name of the account."},
			"source_name":  schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the source.", PlanModifiers: keepState},
			"identity_id":  schema.StringAttribute{Computed: true, MarkdownDescription: "Id of the identity the account is correlated with, if any."},
			"locked":       schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the account is locked."},
			"uncorrelated": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the account is not correlated with an identity."},
			"created":      schema.StringAttribute{Computed: true, MarkdownDescription: "When the account was created (RFC 3339).", PlanModifiers: keepState},
			"modified":     schema.StringAttribute{Computed: true, MarkdownDescription: "When the account was last modified (RFC 3339)."},
			"timeouts":     kit.TimeoutsAttribute(ctx, "Time limits of whole operations, polls of ISC tasks and retries included; 10 minutes each by default."),
		},
	}
}

// ValidateConfig checks, without calling ISC, what the configuration alone decides.
func (r *accountResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config accountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Config.Get, &config)...)
	if resp.Diagnostics.HasError() || config.NativeIdentityAttribute.IsNull() || config.NativeIdentityAttribute.IsUnknown() {
		return
	}
	values, known, err := attributeValues(config.Attributes)
	if err != nil || !known {
		return // the attribute's own validator reports a malformed value
	}
	requireIdentityAttribute(&resp.Diagnostics, values, config.NativeIdentityAttribute.ValueString())
}

// ModifyPlan works out the native identity before apply, so that a missing identity attribute
// fails the plan and a changed identity plans a replacement, and it says which attributes an
// update will remove from the account.
func (r *accountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, cancel := kit.WithReadTimeout(ctx)
	defer cancel()
	if req.Plan.Raw.IsNull() || r.Client == nil {
		return
	}
	var plan accountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...)
	if resp.Diagnostics.HasError() || plan.SourceID.IsUnknown() {
		return
	}
	values, known, err := attributeValues(plan.Attributes)
	if err != nil || !known {
		return
	}
	if plan.NativeIdentityAttribute.IsUnknown() {
		schema := r.readIdentityAttribute(ctx, &plan, &resp.Diagnostics)
		if schema == nil {
			return
		}
		warnOfUnknownAttributes(&resp.Diagnostics, schema, values)
	}
	identityAttribute := plan.NativeIdentityAttribute.ValueString()
	requireIdentityAttribute(&resp.Diagnostics, values, identityAttribute)
	if resp.Diagnostics.HasError() {
		return
	}
	nativeIdentity, _ := values[identityAttribute].(string) // checked just above
	plan.NativeIdentity = types.StringValue(nativeIdentity)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)

	if req.State.Raw.IsNull() {
		// An account the source already holds is refused by Create, not here: the plan that
		// replaces a tainted resource also plans a create while the old account still exists.
		return
	}
	var state accountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	if !state.NativeIdentity.IsNull() && !state.NativeIdentity.Equal(plan.NativeIdentity) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("attributes"))
		return
	}
	plan.keepUnchangeable(state)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	warnOfRemovedAttributes(&resp.Diagnostics, state, values)
}

func (r *accountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan accountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...)
	ctx, cancel := kit.WithTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	want := plan.newAccount()
	if !r.refuseExisting(ctx, &resp.Diagnostics, want) {
		return
	}
	defer func() { resp.Diagnostics.Append(r.keepPace(ctx, resp.Private)...) }()
	account := kit.Create(ctx, resp, kit.Creation[Account, *accountModel]{
		Noun:    noun,
		Pending: plan.pending(),
		Submit: func(ctx context.Context) (string, *Account, error) {
			taskID, err := r.Client.SubmitCreate(ctx, want)
			return taskID, nil, err
		},
		Await: func(ctx context.Context, taskID string, resubmitted func(string)) (*Account, error) {
			return r.Client.AwaitCreate(ctx, taskID, want, resubmitted)
		},
		Find:    r.findCreated(want),
		Visible: lostCreateWatch,
	})
	if account == nil {
		return
	}
	wantDisabled := plan.Disabled
	plan.fill(account)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &plan)...)
	if wantDisabled.IsUnknown() || wantDisabled.ValueBool() == account.Disabled {
		return
	}
	account, err := r.Client.SetDisabled(ctx, account.ID, wantDisabled.ValueBool())
	if err != nil {
		// The account exists and stays in state (tainted) as ISC holds it.
		kit.APIError(&resp.Diagnostics, "Could not change whether the created ISC account is disabled", err, "")
		return
	}
	plan.fill(account)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &plan)...)
}

const noun = "ISC account"

// refuseExisting refuses a create over an account the source holds: ISC's create is an upsert
// and would silently update it. Native identities differing only in case count as the same,
// since ISC compares them without regard to case.
func (r *accountResource) refuseExisting(ctx context.Context, diags *diag.Diagnostics, want NewAccount) bool {
	accounts, err := r.Client.FindAccounts(ctx, want.SourceID, want.NativeIdentity)
	if err != nil {
		kit.APIError(diags, "Could not check for an existing ISC account", err, "")
		return false
	}
	if existing := exactMatch(accounts, want.NativeIdentity); existing != nil {
		kit.AlreadyExists(diags, "accounts_isc_account", noun, existing.ID, fmt.Sprintf("Source %s already holds an account "+
			"with native identity %q (account id %s). ISC's create is an upsert and would silently update it, so the "+
			"provider does not take it over.", want.SourceID, want.NativeIdentity, existing.ID))
		return false
	}
	if len(accounts) > 0 {
		diags.AddAttributeError(path.Root("attributes"), "An ISC account differs only in case",
			fmt.Sprintf("Source %s holds %s, whose native identity differs from %q only in case. ISC compares native "+
				"identities without regard to case, so a create could update that account instead of making a new one, and "+
				"the provider creates nothing. To manage that account, import it (terraform import accounts_isc_account.<name> %s) "+
				"and write its native identity exactly as ISC holds it.", want.SourceID, describeAccounts(accounts), want.NativeIdentity, accounts[0].ID))
		return false
	}
	return true
}

func describeAccounts(accounts []Account) string {
	names := make([]string, len(accounts))
	for i, a := range accounts {
		names[i] = fmt.Sprintf("%q (id %s)", a.NativeIdentity, a.ID)
	}
	return strings.Join(names, ", ")
}

// findCreated looks for what an unfinished create made: the account with the planned native
// identity, created after the attempt started.
func (r *accountResource) findCreated(want NewAccount) func(context.Context, kit.Unfinished) (*Account, error) {
	return func(ctx context.Context, record kit.Unfinished) (*Account, error) {
		account, err := r.Client.CreateOutcome(ctx, want, record.Ref)
		var taskErr *TaskError
		switch {
		case errors.As(err, &taskErr):
			return nil, fmt.Errorf("%w: %w", kit.ErrNotMade, err)
		case account != nil && !record.MayHaveMade(account.Created):
			return nil, err // an older account is someone else's
		}
		return account, err
	}
}

func (r *accountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state accountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account := kit.Read(ctx, req, resp, kit.Reading[Account]{
		Noun: noun, ID: state.ID.ValueString(), Describe: state.describe(),
		Get: r.Client.ReadAccount, Find: r.findCreated(state.newAccount()),
	})
	if account == nil {
		return
	}
	if state.NativeIdentityAttribute.IsNull() || state.NativeIdentityAttribute.IsUnknown() {
		// Imported: the state manages every attribute the account has.
		state.adopt(account, readableSchema(ctx, r.Client, account.SourceID))
	}
	state.Attributes = refreshAttributes(state.Attributes, account.Attributes)
	state.fill(account)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &state)...)
}

func (r *accountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromState(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state accountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...)
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	ctx, cancel := kit.WithTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	r.recallPace(ctx, req.Private)
	defer func() { resp.Diagnostics.Append(r.keepPace(ctx, resp.Private)...) }()
	// Until each step succeeds, the state stays what ISC held before it.
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &state)...)
	id := state.ID.ValueString()
	account, err := r.updateAttributes(ctx, id, state, plan)
	if err != nil {
		kit.APIError(&resp.Diagnostics, "Could not update the ISC account's attributes", err, sourceAdvice(err))
		return
	}
	if account != nil {
		state.Attributes = plan.Attributes
		resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &state)...)
	}
	switch {
	case !plan.Disabled.IsUnknown() && !plan.Disabled.Equal(state.Disabled):
		account, err = r.Client.SetDisabled(ctx, id, plan.Disabled.ValueBool())
	case account == nil && !plan.Modified.IsUnknown():
		// Only provider-side settings such as timeouts changed: nothing to send, and the plan
		// already holds what ISC told at the last refresh (keepUnchangeable).
		resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &plan)...)
		return
	case account == nil:
		account, err = r.Client.GetAccount(ctx, id)
	}
	if err != nil {
		kit.APIError(&resp.Diagnostics, "Could not update the ISC account", err, "")
		return
	}
	plan.fill(account)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &plan)...)
}

// updateAttributes replaces the account's attributes when the plan changes them: what ISC
// holds, with the configured attributes applied. It returns nil when nothing changes.
func (r *accountResource) updateAttributes(ctx context.Context, id string, state, plan accountModel) (*Account, error) {
	wanted, _, _ := attributeValues(plan.Attributes)
	held, _, _ := attributeValues(state.Attributes)
	if sameAttributes(wanted, held) {
		return nil, nil
	}
	current, err := r.Client.GetAccount(ctx, id)
	if err != nil {
		return nil, err
	}
	return r.Client.UpdateAccount(ctx, id, mergeAttributes(current.Attributes, held, wanted))
}

// sourceAdvice explains ISC's refusal to update or delete accounts of sources other than flat files.
func sourceAdvice(err error) string {
	if transport.StatusOf(err) != http.StatusBadRequest {
		return ""
	}
	return "ISC updates and deletes account records only on DelimitedFile (flat file) sources. For an account of " +
		"another source, change or remove it on the source system and let the next aggregation bring the change to ISC; " +
		"set disabled = true to deactivate it through ISC; or run terraform state rm to stop managing it without deleting it."
}

func (r *accountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	var state accountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	ctx, cancel := kit.WithTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	r.recallPace(ctx, req.Private)
	want := state.newAccount()
	kit.Delete(ctx, req, resp, kit.Deletion[Account]{
		Noun: noun, ID: state.ID.ValueString(),
		Settle: func(ctx context.Context, record kit.Unfinished) (*Account, error) {
			return r.Client.SettleCreate(ctx, want, record.Ref)
		},
		IDOf:   func(a *Account) string { return a.ID },
		Delete: r.Client.DeleteAccount,
		Advice: sourceAdvice,
	})
}

// ImportState takes an account id or <source_id>:<native_identity>, or an identity.
func (r *accountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel := kit.WithReadTimeout(ctx)
	defer cancel()
	key, ok := kit.SplitImportID(req.ID, 2)
	if !ok {
		resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
		return
	}
	if id := r.lookUpImported(ctx, &resp.Diagnostics, key[0], key[1]); id != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	}
}

func (r *accountResource) lookUpImported(ctx context.Context, diags *diag.Diagnostics, sourceID, nativeIdentity string) string {
	accounts, err := r.Client.FindAccounts(ctx, sourceID, nativeIdentity)
	if err != nil {
		kit.APIError(diags, "Could not look the ISC account up", err, "")
		return ""
	}
	if account := exactMatch(accounts, nativeIdentity); account != nil {
		return account.ID
	}
	detail := fmt.Sprintf("Source %s holds no account with native identity %q.", sourceID, nativeIdentity)
	if len(accounts) > 0 {
		detail += " It holds " + describeAccounts(accounts) + ", which differs only in case: import that one by its exact native identity or id."
	}
	diags.AddError("ISC account not found", detail)
	return ""
}
