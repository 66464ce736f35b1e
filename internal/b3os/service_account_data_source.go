package b3os

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// NewServiceAccountDataSource is the constructor the provider registers: a service account of
// the organization, looked up by id or name, read-only.
func NewServiceAccountDataSource() datasource.DataSource {
	return kit.NewDataSource("_b3os_service_account", apiTitle, clientOf, serviceAccountDataSchema(), lookUpServiceAccount,
		kit.ExactlyOneOf("id", "name"))
}

func serviceAccountDataSchema() schema.Schema {
	computed := kit.Computed
	return schema.Schema{
		MarkdownDescription: "A service account of the B3OS organization, read-only, looked up by `id` or by `name`.",
		Attributes: map[string]schema.Attribute{
			"id":          kit.KeyAttribute("The service account's id (`sa_...`). Set exactly one of `id` and `name`."),
			"name":        kit.KeyAttribute("The service account's name, unique in the organization, matched exactly. Set exactly one of `id` and `name`."),
			"description": computed("What the service account is for."),
			"permissions": schema.SetAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The service account's permissions, such as `workflow:read`."},
			"disabled":        kit.ComputedBool("Whether the service account is disabled."),
			"organization_id": computed("Id of the organization that holds the service account (`org_...`)."),
			"status":          computed("`" + StatusActive + "` or `" + StatusDisabled + "`."),
			"created_at":      computed("When the service account was created (RFC 3339)."),
			"created_by":      computed("Id of the user who created the service account."),
			"updated_at":      computed("When the service account was last changed (RFC 3339)."),
			"disabled_at":     computed("When the service account was disabled (RFC 3339); null while it is active."),
		},
	}
}

type serviceAccountDataModel struct {
	ID             types.String `tfsdk:"id"`
	Name           types.String `tfsdk:"name"`
	Description    types.String `tfsdk:"description"`
	Permissions    types.Set    `tfsdk:"permissions"`
	Disabled       types.Bool   `tfsdk:"disabled"`
	OrganizationID types.String `tfsdk:"organization_id"`
	Status         types.String `tfsdk:"status"`
	CreatedAt      types.String `tfsdk:"created_at"`
	CreatedBy      types.String `tfsdk:"created_by"`
	UpdatedAt      types.String `tfsdk:"updated_at"`
	DisabledAt     types.String `tfsdk:"disabled_at"`
}

func lookUpServiceAccount(ctx context.Context, client *Client, m *serviceAccountDataModel, diags *diag.Diagnostics) {
	var found []ServiceAccount
	var err error
	lookup := kit.Lookup{Noun: noun, Unique: "Look the service account up by id instead."}
	if !m.ID.IsNull() {
		var sa *ServiceAccount
		sa, err = client.GetServiceAccount(ctx, m.ID.ValueString())
		found = kit.Matches(sa)
		lookup.Keys = []kit.Key{{Attribute: "id", Value: m.ID.ValueString()}}
		lookup.Hint = "Set id to a service account id of the organization (sa_...), or look the service account up by name."
	} else {
		found, err = client.ServiceAccountsNamed(ctx, m.Name.ValueString())
		lookup.Keys = []kit.Key{{Attribute: "name", Value: m.Name.ValueString()}}
		lookup.Hint = "Names are matched exactly, within the organization that b3os.organization_id names."
	}
	sa := kit.Find(diags, lookup, found, err, func(sa *ServiceAccount) string { return "\"" + sa.Name + "\" (id " + sa.ID + ")" })
	if sa != nil {
		diags.Append(m.fill(ctx, sa)...)
	}
}

// fill sets every attribute from the service account, as the resource holds it.
func (m *serviceAccountDataModel) fill(ctx context.Context, sa *ServiceAccount) diag.Diagnostics {
	var held serviceAccountModel
	diags := held.fill(ctx, sa)
	*m = serviceAccountDataModel{
		ID: held.ID, Name: held.Name, Description: held.Description, Permissions: held.Permissions, Disabled: held.Disabled,
		OrganizationID: held.OrganizationID, Status: held.Status, CreatedAt: held.CreatedAt, CreatedBy: held.CreatedBy,
		UpdatedAt: held.UpdatedAt, DisabledAt: held.DisabledAt,
	}
	return diags
}
