package poozle

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// NewIntegrationAccountList is the constructor the provider registers: terraform query lists the
// integration accounts of a workspace with it.
func NewIntegrationAccountList() list.ListResource {
	return &kit.ListResource[*Client, integrationAccountListModel, IntegrationAccount]{
		Named:  kit.NewNamed("_poozle_integration_account", apiTitle, clientOf),
		Schema: integrationAccountListSchema(), Listing: listIntegrationAccounts,
	}
}

type integrationAccountListModel struct {
	WorkspaceID             types.String `tfsdk:"workspace_id"`
	IntegrationDefinitionID types.String `tfsdk:"integration_definition_id"`
}

func integrationAccountListSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the integration accounts of a Poozle workspace, for `terraform query` and `-generate-config-out`: " +
			"each result carries the account id as its identity and, with `include_resource = true`, the account as " +
			"`accounts_poozle_integration_account` holds it after an import. Poozle answers the list in one response.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the workspace whose accounts are listed.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"integration_definition_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Lists only the accounts of this integration definition (such as GitHub's).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func listIntegrationAccounts(ctx context.Context, client *Client, config integrationAccountListModel) kit.Listing[IntegrationAccount] {
	return kit.Listing[IntegrationAccount]{
		Noun:        noun,
		Pages:       kit.OnePage(func() ([]IntegrationAccount, error) { return accountsListed(ctx, client, config) }),
		Identity:    func(a *IntegrationAccount) any { return kit.IDIdentity{ID: types.StringValue(a.ID)} },
		DisplayName: func(a *IntegrationAccount) string { return a.Name },
		Resource:    func(ctx context.Context, a *IntegrationAccount) any { return importedModel(ctx, a) },
	}
}

// accountsListed reads the workspace's accounts, of the configured definition only when it is set:
// Poozle's list filters by workspace alone.
func accountsListed(ctx context.Context, client *Client, config integrationAccountListModel) ([]IntegrationAccount, error) {
	accounts, err := client.IntegrationAccounts(ctx, config.WorkspaceID.ValueString())
	if err != nil || config.IntegrationDefinitionID.IsNull() {
		return accounts, err
	}
	definition := config.IntegrationDefinitionID.ValueString()
	return slices.DeleteFunc(accounts, func(a IntegrationAccount) bool { return a.IntegrationDefinitionID != definition }), nil
}
