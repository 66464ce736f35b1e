package teal

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// replacing lists the attributes whose change creates a new account. ModifyPlan applies the
// rule itself, rather than plan modifiers, because of imports: Teal never returns these values,
// so an imported account's state has none, and the first plan after the import takes them from
// the configuration without replacing anything.
var replacing = []struct {
	name  string
	value func(payrollAccountModel) attr.Value
}{
	{"user_id", func(m payrollAccountModel) attr.Value { return m.UserID }},
	{"payroll_provider", func(m payrollAccountModel) attr.Value { return m.PayrollProvider }},
	{"user_name", func(m payrollAccountModel) attr.Value { return m.UserName }},
	{"extra_login_params", func(m payrollAccountModel) attr.Value { return m.ExtraLoginParams }},
	{"from", func(m payrollAccountModel) attr.Value { return m.From }},
	{"to", func(m payrollAccountModel) attr.Value { return m.To }},
	{"password_wo_version", func(m payrollAccountModel) attr.Value { return m.PasswordWOVersion }},
}

// importedKey marks, in private state, an account imported since its last apply.
const importedKey = "imported"

func wasImported(ctx context.Context, private kit.PrivateGetter) bool {
	value, _ := private.GetKey(ctx, importedKey)
	return len(value) > 0
}

// checkOwner fails unless the user's account list holds the account.
func (r *payrollAccountResource) checkOwner(ctx context.Context, userID, accountID string, diags *diag.Diagnostics) {
	accounts, err := r.Client.ListAccounts(ctx, userID)
	if err != nil {
		kit.APIError(diags, "Could not list the Teal user's accounts", err, "")
		return
	}
	if !slices.ContainsFunc(accounts, func(a Account) bool { return a.AccountID == accountID }) {
		diags.AddAttributeError(path.Root("user_id"), "The account belongs to another user",
			fmt.Sprintf("Teal user %s has no account %s, so user_id does not name the imported account's user. Set user_id "+
				"to the id of the user who linked the account.", userID, accountID))
	}
}

// importedIDs reads the user id (empty when the import id is the account id alone) and the
// account id an import names.
func importedIDs(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (userID, accountID string, ok bool) {
	if req.ID == "" && req.Identity != nil {
		var identity payrollAccountIdentity
		diags.Append(req.Identity.Get(ctx, &identity)...)
		if identity.UserID.ValueString() == "" || identity.AccountID.ValueString() == "" {
			diags.AddError("Invalid import identity", fmt.Sprintf("Expected both user_id and account_id, got user_id = %q "+
				"and account_id = %q.", identity.UserID.ValueString(), identity.AccountID.ValueString()))
		}
		return identity.UserID.ValueString(), identity.AccountID.ValueString(), !diags.HasError()
	}
	if parts, ok := kit.SplitImportID(req.ID, 2); ok {
		return parts[0], parts[1], true
	}
	if req.ID == "" || strings.Contains(req.ID, ":") {
		kit.InvalidImportID(diags, req.ID, "<user_id>:<account_id>", "<account_id>")
		return "", "", false
	}
	return "", req.ID, true
}
