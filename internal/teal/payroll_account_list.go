package teal

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// NewPayrollAccountList is the constructor the provider registers: terraform query lists the
// payroll accounts of a Teal user with it.
func NewPayrollAccountList() list.ListResource {
	return &kit.ListResource[*Client, payrollAccountListModel, Account]{
		Named:  kit.NewNamed("_teal_payroll_account", apiTitle, clientOf),
		Schema: payrollAccountListSchema(), Listing: listAccounts,
	}
}

type payrollAccountListModel struct {
	UserID types.String `tfsdk:"user_id"`
}

func payrollAccountListSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the payroll accounts of a Teal user, for `terraform query` and `-generate-config-out`: " +
			"each result carries the user id and the account id as its identity and, with `include_resource = true`, the " +
			"account as `accounts_teal_payroll_account` holds it after an import. Accounts are read 1000 at a time.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the Teal user whose accounts are listed.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func listAccounts(ctx context.Context, client *Client, config payrollAccountListModel) kit.Listing[Account] {
	userID := config.UserID.ValueString()
	return kit.Listing[Account]{
		Noun:  noun,
		Pages: client.AccountPages(ctx, userID),
		Identity: func(a *Account) any {
			return payrollAccountIdentity{UserID: types.StringValue(userID), AccountID: types.StringValue(a.AccountID)}
		},
		DisplayName: displayName,
		Resource:    func(ctx context.Context, a *Account) any { return importedModel(ctx, userID, a) },
	}
}

// displayName shows an account as its provider and, for a login with credentials, the user's
// login there.
func displayName(a *Account) string {
	if a.UserName == "" {
		return a.PayrollProvider
	}
	return a.PayrollProvider + ": " + a.UserName
}
