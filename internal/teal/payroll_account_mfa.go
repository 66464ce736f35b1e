package teal

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// planUnsetVersionNull plans a create's unset mfa_response_wo_version as null, not as known
// after apply: only an update keeps a version from state.
func planUnsetVersionNull(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var configured types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("mfa_response_wo_version"), &configured)...)
	if configured.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("mfa_response_wo_version"), types.Int64Null())...)
	}
}

// mfaGuidance says what the provider asks, where the answer goes and the command that sends it.
// Teal asks only once the account exists, so a create never sends an answer.
func mfaGuidance(account *Account, versionSet bool) string {
	m := account.MFAMethod
	asked := map[string]string{
		"Code": "a code, sent by " + m.Source, "Date": "a date (" + m.Message + ", as " + m.Format + ")",
		"PasswordWithPositions": fmt.Sprintf("the characters at positions %v of the %s", m.Positions, strings.ToLower(m.Message)),
	}[m.Type]
	if asked == "" {
		asked = "an answer of type " + m.Type
	}
	next := "Set mfa_response_wo_version to 1 (or raise it), and mfa_response_wo to the answer"
	if versionSet {
		next = "The create sent no answer: Teal asks only once the account exists. Raise mfa_response_wo_version, and set mfa_response_wo to the answer"
	}
	return fmt.Sprintf("Teal account %s is PENDING: %s asks for mfa_method.type %q, %s.\n\n%s, from an ephemeral "+
		"variable given in the environment, never on the command line (-var lands in Terraform's logs). With the "+
		"documented variables:\n\n  TF_VAR_mfa_answer=<the answer> TF_VAR_mfa_answer_version=1 terraform apply\n\n"+
		"The apply submits the answer (PUT /accounts/%s/mfa); with wait_for_active it then waits for ACTIVE.",
		account.AccountID, account.PayrollProvider, m.Type, asked, next, account.AccountID)
}

// unsetKeeps is the mfa_response_wo_version to record when the configuration leaves it unset
// (planned unknown where the state has none): kept, so that an unset version submits nothing.
func unsetKeeps(planned, kept types.Int64) types.Int64 {
	if planned.IsUnknown() {
		return kept
	}
	return planned
}

// submitMFA sends the answer. Until Teal accepts it, the state keeps the previous
// mfa_response_wo_version, so that the next apply submits again.
func (r *payrollAccountResource) submitMFA(ctx context.Context, plan *payrollAccountModel, previous types.Int64, answer types.String, resp *resource.UpdateResponse) {
	submitted := plan.MFAResponseWOVersion
	plan.MFAResponseWOVersion = previous
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, plan)...)
	if answer.ValueString() == "" {
		resp.Diagnostics.AddAttributeError(path.Root("mfa_response_wo"), "Missing MFA answer",
			"mfa_response_wo_version changed, but mfa_response_wo is not set: set it to the answer to mfa_method, for "+
				"instance from an ephemeral variable, and apply again.")
		return
	}
	account, err := r.Client.SubmitMFA(ctx, plan.ID.ValueString(), answer.ValueString(), plan.AuthorisationID.ValueString())
	if err != nil {
		remedy := fmt.Sprintf("The account %s stays as it was, and mfa_response_wo_version keeps its previous value. "+
			"Correct mfa_response_wo (for a code, use the newest one the provider sent) and run terraform apply again: it "+
			"submits the answer once more.", plan.ID.ValueString())
		if hint := authorisationHint(err); hint != "" {
			remedy = hint + "\n\n" + remedy
		}
		kit.APIError(&resp.Diagnostics, "Teal did not accept the MFA answer", err, remedy)
		return
	}
	plan.MFAResponseWOVersion = submitted
	plan.fill(account)
	resp.Diagnostics.Append(kit.SetModel(ctx, &resp.State, plan)...)
	if plan.WaitForActive.ValueBool() {
		r.waitForActive(ctx, plan, &resp.State, &resp.Diagnostics)
	}
}
