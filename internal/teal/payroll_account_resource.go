package teal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

var (
	_ resource.Resource                   = (*payrollAccountResource)(nil)
	_ resource.ResourceWithConfigure      = (*payrollAccountResource)(nil)
	_ resource.ResourceWithValidateConfig = (*payrollAccountResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*payrollAccountResource)(nil)
	_ resource.ResourceWithImportState    = (*payrollAccountResource)(nil)
	_ resource.ResourceWithIdentity       = (*payrollAccountResource)(nil)
)

// NewPayrollAccountResource is the constructor the provider registers.
func NewPayrollAccountResource() resource.Resource {
	// The identity holds the user: Teal reads an account by its id alone, but the account object
	// names no user, and the user is part of what the resource manages.
	return &payrollAccountResource{Resource: kit.NewResource("_teal_payroll_account", apiTitle, clientOf,
		identityschema.Schema{Attributes: map[string]identityschema.Attribute{
			"user_id":    kit.IdentityAttribute("Id of the Teal user the account belongs to."),
			"account_id": kit.IdentityAttribute("The account id Teal assigned."),
		}})}
}

type payrollAccountResource struct {
	kit.Resource[*Client]
}

const (
	noun = "Teal payroll account"
	// dayforce is the one provider Teal documents an extra login parameter for.
	dayforce = "dayforce"
)

func (r *payrollAccountResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keepState := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replaced := " Changing it creates a new account: Teal has no update."
	resp.Schema = schema.Schema{
		MarkdownDescription: "A payroll account that a Teal user links: Teal logs in to the payroll provider with the " +
			"user's credentials (or OAuth2 consent) and streams income and employment data. The login completes in the " +
			"background, sometimes after an MFA answer that a second apply submits. Teal offers no deletion: destroying " +
			"the resource only removes it from state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The account id Teal assigned (`account_id`).", PlanModifiers: keepState,
			},
			"user_id": schema.StringAttribute{
				Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Id of the Teal user the account belongs to. The user needs an active authorisation " +
					"(recorded consent)." + replaced,
			},
			"payroll_provider": schema.StringAttribute{
				Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "The payroll provider to connect, such as `xero` or `dayforce`; checked at plan time " +
					"against the providers Teal lists (see `accounts_teal_payroll_providers`), where the list can be read." + replaced,
			},
			"user_name": schema.StringAttribute{
				Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "The user's login at the payroll provider. Required with `password_wo`." + replaced,
			},
			"extra_login_params": schema.MapAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Extra login parameters some providers need: `dayforce` requires `company_name`." + replaced,
			},
			"from": schema.StringAttribute{
				Optional: true, Validators: []validator.String{rfc3339Validator{}},
				MarkdownDescription: "Start of the payroll period to retrieve (RFC 3339, such as `2024-01-01T00:00:00Z`)." + replaced,
			},
			"to": schema.StringAttribute{
				Optional: true, Validators: []validator.String{rfc3339Validator{}},
				MarkdownDescription: "End of the payroll period to retrieve (RFC 3339); not before `from`." + replaced,
			},
			"password_wo": schema.StringAttribute{
				Optional: true, Sensitive: true, WriteOnly: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "The user's password at the payroll provider. Write-only: sent on create, never " +
					"stored in state or plan. Needs Terraform 1.11 or later.",
			},
			"password_wo_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Change it to send a new `password_wo`. Teal cannot change an account's password, so " +
					"a change creates a new account.",
			},
			"authorisation_id": schema.StringAttribute{
				Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Id of the user's authorisation to use, sent as `x-teal-authorisation-id`. When unset, " +
					"Teal picks an active one.",
			},
			"mfa_response_wo": schema.StringAttribute{
				Optional: true, Sensitive: true, WriteOnly: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "The answer to `mfa_method`: the code, the date, or the password characters it " +
					"asks for. Write-only: sent when `mfa_response_wo_version` changes, never stored. An ephemeral " +
					"variable can supply it.",
			},
			"mfa_response_wo_version": schema.Int64Attribute{
				Optional: true, Computed: true, PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				MarkdownDescription: "Change it, on an account that exists, to submit `mfa_response_wo`. After a " +
					"refused answer it keeps its previous value, so the next apply submits again. Unset (such as from a " +
					"variable whose default is `null`), it keeps the last version submitted, and plans nothing.",
			},
			"wait_for_active": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Wait, within `timeouts`, until the status leaves `PENDING` after a create that " +
					"asks nothing more of the user, and after an MFA answer. An `INVALID` status is then an error. Default: `false` " +
					"(the apply ends at once, the account `PENDING`).",
			},
			"status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The account's status: `PENDING` until the provider login completes, then " +
					"`ACTIVE`, or `INVALID` when the provider refuses the login.",
			},
			"mfa_enabled": schema.BoolAttribute{
				Computed: true, MarkdownDescription: "Whether the provider asks for MFA.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"mfa_method": mfaMethodAttribute(),
			"authorization_url": schema.StringAttribute{
				Computed: true, PlanModifiers: keepState,
				MarkdownDescription: "For OAuth2 providers: where the user consents to the connection. Teal returns it " +
					"only when the account is created, so an imported account has none.",
			},
			"created_at": schema.StringAttribute{
				Computed: true, PlanModifiers: keepState, MarkdownDescription: "When the account was created (RFC 3339).",
			},
			"latest_pay_date": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The latest pay date of the account's payroll, once Teal has it (RFC 3339).",
			},
			"timeouts": kit.TimeoutsAttribute(ctx, "Time limits of create, MFA submission (update) and delete, waits for "+
				"`wait_for_active` included; 10 minutes each by default."),
		},
	}
}

func mfaMethodAttribute() schema.Attribute {
	return schema.SingleNestedAttribute{
		Computed: true,
		MarkdownDescription: "What the provider asks before the login completes, from the create answer; null when it " +
			"asks nothing. Answer it with `mfa_response_wo`.",
		PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{Computed: true, MarkdownDescription: "One of `" + strings.Join(MFATypes, "`, `") + "`."},
			"source": schema.StringAttribute{
				Computed: true, MarkdownDescription: "For `Code`: where the code is sent (`SMS`, `EMAIL` or `AUTHENTICATOR_APP`).",
			},
			"format":  schema.StringAttribute{Computed: true, MarkdownDescription: "For `Date`: the format of the answer, such as `yyyy-mm-dd`."},
			"message": schema.StringAttribute{Computed: true, MarkdownDescription: "For `Date` and `PasswordWithPositions`: what is asked, such as `Date of birth`."},
			"positions": schema.ListAttribute{
				Computed: true, ElementType: types.Int64Type,
				MarkdownDescription: "For `PasswordWithPositions`: which characters of the secret to give, counted from 1.",
			},
		},
	}
}

// ValidateConfig checks, without calling Teal, what the configuration alone decides.
func (r *payrollAccountResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config payrollAccountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Config.Get, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !config.PasswordWO.IsNull() && config.UserName.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("user_name"), "Missing user_name",
			"password_wo is set, so the provider is logged in to with credentials: set user_name to the user's login at "+
				"the payroll provider. For an OAuth2 provider, set neither: the user consents at authorization_url.")
	}
	requireCompanyName(ctx, config, &resp.Diagnostics)
	requireOrderedPeriod(config, &resp.Diagnostics)
}

func requireCompanyName(ctx context.Context, config payrollAccountModel, diags *diag.Diagnostics) {
	if !strings.EqualFold(config.PayrollProvider.ValueString(), dayforce) || config.ExtraLoginParams.IsUnknown() {
		return
	}
	params := map[string]types.String{}
	diags.Append(config.ExtraLoginParams.ElementsAs(ctx, &params, true)...)
	if company, set := params["company_name"]; set && (company.IsUnknown() || company.ValueString() != "") {
		return
	}
	diags.AddAttributeError(path.Root("extra_login_params"), "Missing company_name for Dayforce",
		"Teal requires extra_login_params.company_name for Dayforce connections: set extra_login_params = "+
			"{ company_name = \"<the company's name at Dayforce>\" }.")
}

func requireOrderedPeriod(config payrollAccountModel, diags *diag.Diagnostics) {
	from, errFrom := time.Parse(time.RFC3339, config.From.ValueString())
	to, errTo := time.Parse(time.RFC3339, config.To.ValueString())
	if errFrom == nil && errTo == nil && from.After(to) {
		diags.AddAttributeError(path.Root("from"), "Invalid payroll period",
			fmt.Sprintf("from (%s) is after to (%s): set from to the start of the period and to to its end.", config.From.ValueString(), config.To.ValueString()))
	}
}

// ModifyPlan plans the replacement of an account whose creation parameters change, and checks
// that a user_id adopted after an import by account id is the account's user.
func (r *payrollAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	ctx, cancel := kit.WithReadTimeout(ctx)
	defer cancel()
	if !req.Plan.Raw.IsNull() && r.Client != nil && r.Client.FirstSandboxNotice() {
		warnOfSandbox(&resp.Diagnostics)
	}
	if req.Plan.Raw.IsNull() {
		return
	}
	if req.State.Raw.IsNull() {
		planUnsetVersionNull(ctx, req, resp)
		r.warnOfUnknownProvider(ctx, req, resp)
		return
	}
	var plan, state payrollAccountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...)
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	imported := wasImported(ctx, req.Private)
	for _, attribute := range replacing {
		before, after := attribute.value(state), attribute.value(plan)
		adopting := imported && before.IsNull()
		if !before.Equal(after) && !adopting {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root(attribute.name))
		}
	}
	if state.UserID.IsNull() && !plan.UserID.IsUnknown() && r.Client != nil {
		r.checkOwner(ctx, plan.UserID.ValueString(), state.ID.ValueString(), &resp.Diagnostics)
	}
}

func (r *payrollAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromStateNamed(ctx, resp.Identity, &resp.Diagnostics, identityStateNames, &resp.State)
	var plan payrollAccountModel
	var password types.String
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("password_wo"), &password)...)
	ctx = redact.Masking(ctx, password.ValueString()) // the payroll provider's refusal may quote it
	plan.MFAResponseWOVersion = unsetKeeps(plan.MFAResponseWOVersion, types.Int64Null())
	ctx, cancel := kit.WithTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	defer cancel()
	want, diags := plan.newAccount(ctx, password)
	resp.Diagnostics.Append(diags...)
	if r.checkPayrollProvider(ctx, want.PayrollProvider, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	account := kit.Create(ctx, resp, kit.Creation[Account, *payrollAccountModel]{
		Noun:    noun,
		Pending: plan.pending(),
		Submit: func(ctx context.Context) (string, *Account, error) {
			created, err := r.Client.CreateAccount(ctx, want, plan.AuthorisationID.ValueString())
			return "", created, err
		},
		Find:        r.findCreated(want),
		Undeletable: true,
		Refused: func(_ context.Context, err error, diags *diag.Diagnostics) bool {
			hint := authorisationHint(err)
			if hint != "" {
				kit.APIError(diags, "Could not create the "+noun, err, hint)
			}
			return hint != ""
		},
	})
	if account == nil {
		return
	}
	resp.Diagnostics.Append(plan.fillCreated(ctx, account)...)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &plan)...)
	if plan.WaitForActive.ValueBool() && !account.MFAEnabled && account.AuthorizationURL == "" {
		r.waitForActive(ctx, &plan, &resp.State, &resp.Diagnostics)
	}
	if account.MFAMethod != nil {
		resp.Diagnostics.AddAttributeWarning(path.Root("mfa_response_wo"), "The payroll provider asks for MFA: apply again with the answer",
			mfaGuidance(account, !plan.MFAResponseWOVersion.IsNull()))
	}
}

func (r *payrollAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromStateNamed(ctx, resp.Identity, &resp.Diagnostics, identityStateNames, &resp.State, &req.State)
	var state payrollAccountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	want, diags := state.newAccount(ctx, types.StringNull())
	resp.Diagnostics.Append(diags...)
	account := kit.Read(ctx, req, resp, kit.Reading[Account]{
		Noun: noun, ID: state.ID.ValueString(), Describe: state.describe(),
		Get: r.Client.GetAccount, Find: r.findCreated(want),
	})
	if account == nil {
		return
	}
	if state.ID.ValueString() == "" {
		resp.Diagnostics.Append(state.fillCreated(ctx, account)...) // adopted: the create answer's extras are lost
	}
	state.fill(account)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &state)...)
}

// Update submits an MFA answer when mfa_response_wo_version changes; every other change either
// replaces the account or only changes what the provider sends next (authorisation_id,
// wait_for_active).
func (r *payrollAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	defer kit.IdentityFromStateNamed(ctx, resp.Identity, &resp.Diagnostics, identityStateNames, &resp.State)
	var plan, state payrollAccountModel
	var answer types.String
	resp.Diagnostics.Append(kit.GetModel(ctx, req.Plan.Get, &plan)...)
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("mfa_response_wo"), &answer)...)
	ctx = redact.Masking(ctx, answer.ValueString()) // a refusal may quote the answer
	ctx, cancel := kit.WithTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	plan.keepComputed(state)
	plan.MFAResponseWOVersion = unsetKeeps(plan.MFAResponseWOVersion, state.MFAResponseWOVersion)
	adopting := wasImported(ctx, req.Private) && state.MFAResponseWOVersion.IsNull()
	submit := !plan.MFAResponseWOVersion.Equal(state.MFAResponseWOVersion) && !plan.MFAResponseWOVersion.IsNull() && !adopting
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
	if !submit {
		resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, &plan)...)
		return
	}
	r.submitMFA(ctx, &plan, state.MFAResponseWOVersion, answer, resp)
}

// Delete asks Teal to delete the account. Teal documents no deletion: where it refuses, the
// resource leaves state with a warning that the account remains.
func (r *payrollAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	var state payrollAccountModel
	resp.Diagnostics.Append(kit.GetModel(ctx, req.State.Get, &state)...)
	ctx, cancel := kit.WithTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	defer cancel()
	want, diags := state.newAccount(ctx, types.StringNull())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	kit.Delete(ctx, req, resp, kit.Deletion[Account]{
		Noun: noun, ID: state.ID.ValueString(),
		Settle: kit.Settle(r.findCreated(want)),
		IDOf:   func(a *Account) string { return a.AccountID },
		Delete: r.Client.DeleteAccount,
		Kept: func(err error) (string, bool) {
			var refusal *transport.APIError
			kept := errors.Is(err, ErrNotDeleted) && errors.As(err, &refusal)
			return "Teal offers no way to delete payroll accounts through its API: ask Teal support to remove it if it must go.", kept
		},
	})
}

// ImportState takes <user_id>:<account_id>, the account id alone, or an identity; after an
// import by account id alone the next plan takes user_id from the configuration, after checking
// that the user holds the account.
func (r *payrollAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !r.Ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel := kit.WithReadTimeout(ctx)
	defer cancel()
	userID, accountID, ok := importedIDs(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if userID != "" {
		if r.checkOwner(ctx, userID, accountID, &resp.Diagnostics); resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), userID)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), accountID)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte("true"))...)
}
