package b3os

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// NewAPIKeyList is the constructor the provider registers: terraform query lists a service
// account's keys with it.
func NewAPIKeyList() list.ListResource {
	return &kit.ListResource[*Client, apiKeyListModel, APIKey]{
		Named:  kit.NewNamed("_b3os_api_key", apiTitle, clientOf),
		Schema: apiKeyListSchema(), Listing: listAPIKeys,
	}
}

type apiKeyListModel struct {
	ServiceAccountID types.String `tfsdk:"service_account_id"`
	IncludeRevoked   types.Bool   `tfsdk:"include_revoked"`
}

func apiKeyListSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the API keys of a B3OS service account, for `terraform query` and `-generate-config-out`: " +
			"each result carries the key id as its identity and, with `include_resource = true`, the key as `" + keyTypeName +
			"` holds it after an import, without its secret, which B3OS shows only when it mints a key.",
		Attributes: map[string]schema.Attribute{
			"service_account_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the service account whose keys are listed (`sa_...`).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"include_revoked": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Lists revoked keys too, which B3OS keeps as records; only active keys when unset.",
			},
		},
	}
}

func listAPIKeys(ctx context.Context, client *Client, config apiKeyListModel) kit.Listing[APIKey] {
	keep := func(key *APIKey) bool { return config.IncludeRevoked.ValueBool() || key.Active() }
	return kit.Listing[APIKey]{
		Noun:        keyNoun,
		Pages:       kit.Filtered(client.APIKeyPages(ctx, config.ServiceAccountID.ValueString()), keep),
		Identity:    func(key *APIKey) any { return kit.IDIdentity{ID: types.StringValue(key.ID)} },
		DisplayName: func(key *APIKey) string { return key.Name + " (" + key.ID + ")" },
		Resource:    importedKeyModel,
	}
}
