package teal

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

type payrollAccountModel struct {
	ID                   types.String   `tfsdk:"id"`
	UserID               types.String   `tfsdk:"user_id"`
	PayrollProvider      types.String   `tfsdk:"payroll_provider"`
	UserName             types.String   `tfsdk:"user_name"`
	ExtraLoginParams     types.Map      `tfsdk:"extra_login_params"`
	From                 types.String   `tfsdk:"from"`
	To                   types.String   `tfsdk:"to"`
	PasswordWO           types.String   `tfsdk:"password_wo"`
	PasswordWOVersion    types.Int64    `tfsdk:"password_wo_version"`
	AuthorisationID      types.String   `tfsdk:"authorisation_id"`
	MFAResponseWO        types.String   `tfsdk:"mfa_response_wo"`
	MFAResponseWOVersion types.Int64    `tfsdk:"mfa_response_wo_version"`
	WaitForActive        types.Bool     `tfsdk:"wait_for_active"`
	Status               types.String   `tfsdk:"status"`
	MFAEnabled           types.Bool     `tfsdk:"mfa_enabled"`
	MFAMethod            types.Object   `tfsdk:"mfa_method"`
	AuthorizationURL     types.String   `tfsdk:"authorization_url"`
	CreatedAt            types.String   `tfsdk:"created_at"`
	LatestPayDate        types.String   `tfsdk:"latest_pay_date"`
	Timeouts             timeouts.Value `tfsdk:"timeouts"`
}

// payrollAccountIdentity is the resource identity: the account is Teal's account_id, which state
// holds as id.
type payrollAccountIdentity struct {
	UserID    types.String `tfsdk:"user_id"`
	AccountID types.String `tfsdk:"account_id"`
}

var identityStateNames = map[string]string{"account_id": "id"}

type mfaMethodModel struct {
	Type      types.String `tfsdk:"type"`
	Source    types.String `tfsdk:"source"`
	Format    types.String `tfsdk:"format"`
	Message   types.String `tfsdk:"message"`
	Positions types.List   `tfsdk:"positions"`
}

var mfaMethodTypes = map[string]attr.Type{
	"type":      types.StringType,
	"source":    types.StringType,
	"format":    types.StringType,
	"message":   types.StringType,
	"positions": types.ListType{ElemType: types.Int64Type},
}

// newAccount is what the plan asks Teal to create; the password comes from the configuration,
// since a write-only value is never in the plan.
func (m payrollAccountModel) newAccount(ctx context.Context, password types.String) (NewAccount, diag.Diagnostics) {
	account := NewAccount{
		UserID: m.UserID.ValueString(), PayrollProvider: m.PayrollProvider.ValueString(), UserName: m.UserName.ValueString(),
		Password: password.ValueString(), From: m.From.ValueString(), To: m.To.ValueString(),
	}
	diags := m.ExtraLoginParams.ElementsAs(ctx, &account.ExtraLoginParams, false)
	return account, diags
}

// fill sets what any read of the account tells.
func (m *payrollAccountModel) fill(a *Account) {
	m.ID = types.StringValue(a.AccountID)
	m.PayrollProvider = types.StringValue(a.PayrollProvider)
	m.UserName = kit.StringOrNull(a.UserName)
	m.Status = types.StringValue(a.Status)
	m.MFAEnabled = types.BoolValue(a.MFAEnabled)
	m.CreatedAt = types.StringValue(a.CreatedAt)
	m.LatestPayDate = kit.StringOrNull(a.LatestPayDate)
}

// importedModel is an account of a user as Read holds it after an import by identity: what any
// read tells, and nothing that only the configuration or the create answer carries.
func importedModel(ctx context.Context, userID string, a *Account) *payrollAccountModel {
	m := &payrollAccountModel{
		UserID: types.StringValue(userID), ExtraLoginParams: types.MapNull(types.StringType),
		MFAMethod: types.ObjectNull(mfaMethodTypes), Timeouts: kit.NullTimeouts(ctx),
	}
	m.fill(a)
	return m
}

// fillCreated sets everything the create answer tells, including what only it carries: the
// OAuth2 authorization URL and the MFA question.
func (m *payrollAccountModel) fillCreated(ctx context.Context, a *Account) diag.Diagnostics {
	m.fill(a)
	m.AuthorizationURL = kit.StringOrNull(a.AuthorizationURL)
	var diags diag.Diagnostics
	m.MFAMethod, diags = mfaMethodValue(ctx, a.MFAMethod)
	return diags
}

func mfaMethodValue(ctx context.Context, method *MFAMethod) (types.Object, diag.Diagnostics) {
	if method == nil {
		return types.ObjectNull(mfaMethodTypes), nil
	}
	positions := types.ListNull(types.Int64Type)
	var diags diag.Diagnostics
	if method.Positions != nil {
		positions, diags = types.ListValueFrom(ctx, types.Int64Type, method.Positions)
	}
	value, more := types.ObjectValueFrom(ctx, mfaMethodTypes, mfaMethodModel{
		Type: types.StringValue(method.Type), Source: kit.StringOrNull(method.Source), Format: kit.StringOrNull(method.Format),
		Message: kit.StringOrNull(method.Message), Positions: positions,
	})
	diags.Append(more...)
	return value, diags
}

// pending is the record of a create whose account is not known yet: no id (an empty string, so
// that plugin-testing's flatmap state keeps it), and nothing that only Teal can tell.
func (m payrollAccountModel) pending() *payrollAccountModel {
	p := m
	p.ID = types.StringValue("")
	p.Status, p.AuthorizationURL, p.CreatedAt, p.LatestPayDate = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
	p.MFAEnabled = types.BoolNull()
	p.MFAMethod = types.ObjectNull(mfaMethodTypes)
	return &p
}

// keepComputed copies into a plan what Teal told before, where the plan leaves it unknown.
func (m *payrollAccountModel) keepComputed(state payrollAccountModel) {
	m.ID, m.Status, m.LatestPayDate = state.ID, state.Status, state.LatestPayDate
	m.MFAEnabled, m.MFAMethod, m.AuthorizationURL, m.CreatedAt = state.MFAEnabled, state.MFAMethod, state.AuthorizationURL, state.CreatedAt
}

// madeBy reports whether an account may be the one an unfinished create made: the same
// provider and login, created after the attempt started.
func (want NewAccount) madeBy(a Account, record kit.Unfinished) bool {
	return a.PayrollProvider == want.PayrollProvider && a.UserName == want.UserName && record.MayHaveMade(a.CreatedAt)
}

func (m payrollAccountModel) describe() string {
	return m.PayrollProvider.ValueString() + " account " + m.ID.ValueString()
}
