package isc

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// NewAccountList is the constructor the provider registers: terraform query lists the accounts
// of a source with it.
func NewAccountList() list.ListResource {
	return &kit.ListResource[*Client, accountListModel, Account]{
		Named:  kit.NewNamed("_isc_account", apiTitle, clientOf),
		Schema: accountListSchema(), Listing: listAccounts,
	}
}

type accountListModel struct {
	SourceID types.String `tfsdk:"source_id"`
	Filters  types.String `tfsdk:"filters"`
}

func accountListSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the accounts of a SailPoint ISC source, for `terraform query` and `-generate-config-out`: " +
			"each result carries the account id as its identity and, with `include_resource = true`, the account as " +
			"`accounts_isc_account` holds it after an import (every attribute managed). Accounts are read 250 at a time.",
		Attributes: map[string]schema.Attribute{
			"source_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the source whose accounts are listed.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"filters": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "An ISC filter expression that listed accounts must also match, such as " +
					"`nativeIdentity sw \"svc-\"` or `uncorrelated eq true` ([standard collection parameters]" +
					"(https://developer.sailpoint.com/docs/api/standard-collection-parameters#filtering-results); the accounts " +
					"list supports `id`, `name`, `nativeIdentity`, `identityId` and more). ISC compares values without regard to case.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func listAccounts(ctx context.Context, client *Client, config accountListModel) kit.Listing[Account] {
	sourceID := config.SourceID.ValueString()
	return kit.Listing[Account]{
		Noun:        noun,
		Pages:       client.AccountPages(ctx, sourceID, config.Filters.ValueString()),
		Identity:    func(a *Account) any { return kit.IDIdentity{ID: types.StringValue(a.ID)} },
		DisplayName: displayName,
		Resource:    imported(client, sourceID),
	}
}

// imported builds each account as an import would hold it. The source's schema, which names the
// identity attribute and the multi-valued ones, is read once for the whole list, not once per
// account.
func imported(client *Client, sourceID string) func(context.Context, *Account) any {
	var schema *AccountSchema
	read := false
	return func(ctx context.Context, a *Account) any {
		if !read {
			schema, read = readableSchema(ctx, client, sourceID), true
		}
		return importedModel(ctx, a, schema)
	}
}

// displayName shows an account as its native identity and, when ISC has one, its name.
func displayName(a *Account) string {
	if a.Name == "" || a.Name == a.NativeIdentity {
		return a.NativeIdentity
	}
	return a.NativeIdentity + " (" + a.Name + ")"
}
