package isc

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ action.ActionWithConfigure = (*accountReloadAction)(nil)

// NewAccountReloadAction is accounts_isc_account_reload.
func NewAccountReloadAction() action.Action { return &accountReloadAction{} }

type accountReloadAction struct {
	iscAction
}

type accountReloadModel struct {
	AccountID types.String   `tfsdk:"account_id"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (a *accountReloadAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_isc_account_reload"
}

func (a *accountReloadAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reloads an ISC account straight from its source's connector (`POST /accounts/v1/{id}/reload`): " +
			"a one-account aggregation, after a change made on the source outside ISC. Waits for ISC's task and shows its " +
			"progress. Sources whose connector reads a file whole (delimited-file sources) cannot reload one account: " +
			"use `accounts_isc_source_aggregate`. Needs `idn:accounts-state:manage`.",
		Attributes: map[string]schema.Attribute{
			"account_id": idAttribute("Id of the account to reload, such as `accounts_isc_account.example.id`."),
			"timeouts":   timeoutsAttribute(ctx),
		},
	}
}

func (a *accountReloadAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	if !a.Ready(&resp.Diagnostics) {
		return
	}
	var config accountReloadModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &config)...); resp.Diagnostics.HasError() {
		return
	}
	invokeOnAccount(ctx, resp, config.Timeouts, config.AccountID.ValueString(), "Reloading ISC account", "reloaded from its source",
		func(ctx context.Context, progress Progress) (*OperationResult, error) {
			return a.client.ReloadAccount(ctx, config.AccountID.ValueString(), progress)
		})
}
