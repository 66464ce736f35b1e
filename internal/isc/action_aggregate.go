package isc

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ action.ActionWithConfigure        = (*sourceAggregateAction)(nil)
	_ action.ActionWithConfigValidators = (*sourceAggregateAction)(nil)
)

// NewSourceAggregateAction is accounts_isc_source_aggregate.
func NewSourceAggregateAction() action.Action { return &sourceAggregateAction{} }

type sourceAggregateAction struct {
	iscAction
}

type sourceAggregateModel struct {
	SourceID            types.String   `tfsdk:"source_id"`
	File                types.String   `tfsdk:"file"`
	Content             types.String   `tfsdk:"content"`
	DisableOptimization types.Bool     `tfsdk:"disable_optimization"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

func (a *sourceAggregateAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_isc_source_aggregate"
}

func (a *sourceAggregateAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs an account aggregation of an ISC source (`POST /sources/v1/{id}/load-accounts`): ISC " +
			"reads the source's accounts, adds the new ones, updates the changed ones and removes those the source no " +
			"longer has. A delimited-file (flat file) source reads the CSV file sent with it, from `file` or `content`. " +
			"Waits for the aggregation's task, shows its progress, and ends with its counts. Needs `idn:sources:manage`; " +
			"ISC shows the aggregation's progress to personal access tokens only.",
		Attributes: map[string]schema.Attribute{
			"source_id": idAttribute("Id of the source to aggregate."),
			"file": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Path of the CSV file to aggregate, for a delimited-file source: a header row naming the " +
					"account schema's attributes, then one account a row. Read when the action runs. Conflicts with `content`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"content": schema.StringAttribute{Optional: true,
				MarkdownDescription: "The CSV file's content, for a delimited-file source, such as built from the accounts " +
					"Terraform manages. Conflicts with `file`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"disable_optimization": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Process every account again, whether or not it changed since the last aggregation. " +
					"Defaults to `false`."},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

func (a *sourceAggregateAction) ConfigValidators(context.Context) []action.ConfigValidator {
	return []action.ConfigValidator{actionvalidator.Conflicting(path.MatchRoot("file"), path.MatchRoot("content"))}
}

func (a *sourceAggregateAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	if !a.Ready(&resp.Diagnostics) {
		return
	}
	var config sourceAggregateModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &config)...); resp.Diagnostics.HasError() {
		return
	}
	file, err := config.accountFile()
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("file"), "Cannot read the aggregation's file",
			fmt.Sprintf("%v. Set file to the path of a readable CSV file, relative to the directory Terraform runs in, or set content.", err))
		return
	}
	sourceID, progress := config.SourceID.ValueString(), sender(resp)
	what := "Aggregating ISC source " + sourceID
	result, done := invoke(ctx, config.Timeouts, &resp.Diagnostics, what, func(ctx context.Context) (*Aggregation, error) {
		return a.client.AggregateSource(ctx, sourceID, file, config.DisableOptimization.ValueBool(), progress)
	})
	if !done {
		return
	}
	progress(fmt.Sprintf("Aggregation of source %s %s: %d accounts found, %d added, %d changed, %d removed, %d unchanged, %d ignored",
		sourceID, result.Status, result.Found, result.Added, result.Changed, result.Removed, result.Unchanged, result.Ignored))
	warnOfNotes(&resp.Diagnostics, what, &result.OperationResult)
}

// accountFile is the CSV file to send: file's, content, or none (a direct source reads its
// system).
func (m sourceAggregateModel) accountFile() (*AccountFile, error) {
	switch {
	case !m.File.IsNull():
		data, err := os.ReadFile(m.File.ValueString()) //nolint:gosec // the file the configuration names, read as the user running Terraform
		if err != nil {
			return nil, err
		}
		return &AccountFile{Name: filepath.Base(m.File.ValueString()), Data: data}, nil
	case !m.Content.IsNull():
		return &AccountFile{Name: "accounts.csv", Data: []byte(m.Content.ValueString())}, nil
	}
	return nil, nil
}
