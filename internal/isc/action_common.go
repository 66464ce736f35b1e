package isc

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// What every ISC action shares: the client, its ids' attribute, its timeout, its progress
// lines and how a failed task is reported. The actions need Terraform 1.14 or later; OpenTofu
// and older Terraform have no actions, and the resources work there unchanged.

// iscAction is the client half of every ISC action.
type iscAction struct {
	client *Client
	// Pending is why client is not there while ISC's provider settings are unknown.
	kit.Pending
}

func (a *iscAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client, a.Pending = kit.ConfigureAction(req, resp, apiName, clientOf)
}

// iscIDPattern is the shape of ISC's object ids: 32 hexadecimal digits.
var iscIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)

// idAttribute is a required id of an ISC object, checked at plan time.
func idAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		Required:            true,
		MarkdownDescription: description,
		Validators: []validator.String{stringvalidator.RegexMatches(iscIDPattern,
			"must be an ISC id: 32 hexadecimal digits, such as the id attribute of an accounts_isc_account")},
	}
}

func timeoutsAttribute(ctx context.Context) schema.Attribute {
	return kit.ActionTimeoutsAttribute(ctx, "How long to wait for the ISC task; when it runs out, the invocation fails "+
		"and the task carries on in ISC.")
}

// sender is the progress of one invocation: each line goes to Terraform at once.
func sender(resp *action.InvokeResponse) Progress {
	return func(message string) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: message})
		}
	}
}

// invoke runs an operation within the configured timeout and reports its failure; what is
// the operation's noun in the summary ("Reloading the ISC account").
func invoke[R any](ctx context.Context, configured timeouts.Value, diags *diag.Diagnostics, what string,
	operation func(context.Context) (R, error)) (R, bool) {
	ctx, cancel := kit.WithTimeout(ctx, configured.Invoke, diags)
	defer cancel()
	var none R
	if diags.HasError() {
		return none, false
	}
	result, err := operation(ctx)
	if err == nil {
		return result, true
	}
	remedy := "Check the object's id and the provider's ISC credentials, then invoke the action again."
	if errors.Is(err, context.DeadlineExceeded) {
		remedy = "The task did not finish within timeouts.invoke (10 minutes unless set) and may still finish in ISC: " +
			"look it up (GET /task-status/v1/<task id>) before invoking the action again, or raise timeouts.invoke."
	}
	if failed, isTask := asTaskError(err); isTask {
		remedy = fmt.Sprintf("ISC ran the task and it failed; its messages above say why. The task's details are at "+
			"GET /task-status/v1/%s.", failed.TaskID)
		if failed.Temporary() {
			remedy = "ISC reported a temporary failure three times; invoke the action again later."
		}
	}
	kit.APIError(diags, what+" failed", err, remedy)
	return none, false
}

// warnOfNotes shows the messages of a task that ended with WARNING.
func warnOfNotes(diags *diag.Diagnostics, what string, result *OperationResult) {
	if result.Status == statusWarning {
		diags.AddWarning(what+" ended with warnings", fmt.Sprintf("ISC task %s ended with status WARNING:\n%s",
			result.TaskID, "- "+strings.Join(result.Notes, "\n- ")))
	}
}

// invokeOnAccount runs an operation on one account and reports how it ended: what names it
// ("Reloading ISC account <id>"), done says what it did ("reloaded from its source").
func invokeOnAccount(ctx context.Context, resp *action.InvokeResponse, configured timeouts.Value, id, what, done string,
	operation func(context.Context, Progress) (*OperationResult, error)) {
	progress := sender(resp)
	result, ok := invoke(ctx, configured, &resp.Diagnostics, what+" "+id, func(ctx context.Context) (*OperationResult, error) {
		return operation(ctx, progress)
	})
	if !ok {
		return
	}
	progress(fmt.Sprintf("Account %s %s (task %s: %s)", id, done, result.TaskID, result.Status))
	warnOfNotes(&resp.Diagnostics, what+" "+id, result)
}
