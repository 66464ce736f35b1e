package isc

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ action.ActionWithConfigure = (*accountUnlockAction)(nil)

// NewAccountUnlockAction is accounts_isc_account_unlock.
func NewAccountUnlockAction() action.Action { return &accountUnlockAction{} }

type accountUnlockAction struct {
	iscAction
}

type accountUnlockModel struct {
	AccountID              types.String   `tfsdk:"account_id"`
	UnlockIDNAccount       types.Bool     `tfsdk:"unlock_idn_account"`
	ForceProvisioning      types.Bool     `tfsdk:"force_provisioning"`
	ExternalVerificationID types.String   `tfsdk:"external_verification_id"`
	Timeouts               timeouts.Value `tfsdk:"timeouts"`
}

func (a *accountUnlockAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_isc_account_unlock"
}

func (a *accountUnlockAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Unlocks an ISC account on its source (`POST /accounts/v1/{id}/unlock`), such as after failed " +
			"logins locked it. Waits for ISC's task and shows its progress. The source must support unlocking (its " +
			"`UNLOCK` feature). Needs `idn:accounts-state:manage`, and `idn:accounts-provisioning:manage` with `force_provisioning`.",
		Attributes: map[string]schema.Attribute{
			"account_id": idAttribute("Id of the account to unlock, such as `accounts_isc_account.example.id`."),
			"unlock_idn_account": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Also unlock the account's ISC (IdentityNow) login once the unlock completes. Defaults to `false`."},
			"force_provisioning": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Provision the unlock to the source even when the account is not in sync with it. Defaults to `false`."},
			"external_verification_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Id of an external verification that the user wants the unlock, when an external process checks it."},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

func (a *accountUnlockAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	if !a.Ready(&resp.Diagnostics) {
		return
	}
	var config accountUnlockModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &config)...); resp.Diagnostics.HasError() {
		return
	}
	unlock := UnlockRequest{ExternalVerificationID: config.ExternalVerificationID.ValueString(),
		UnlockIDNAccount: config.UnlockIDNAccount.ValueBool(), ForceProvisioning: config.ForceProvisioning.ValueBool()}
	invokeOnAccount(ctx, resp, config.Timeouts, config.AccountID.ValueString(), "Unlocking ISC account", "unlocked",
		func(ctx context.Context, progress Progress) (*OperationResult, error) {
			return a.client.UnlockAccount(ctx, config.AccountID.ValueString(), unlock, progress)
		})
}
