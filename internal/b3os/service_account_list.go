package b3os

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// NewServiceAccountList is the constructor the provider registers: terraform query lists the
// organization's service accounts with it.
func NewServiceAccountList() list.ListResource {
	return &kit.ListResource[*Client, serviceAccountListModel, ServiceAccount]{
		Named:  kit.NewNamed("_b3os_service_account", apiTitle, clientOf),
		Schema: serviceAccountListSchema(), Listing: listServiceAccounts,
	}
}

type serviceAccountListModel struct {
	NamePrefix types.String `tfsdk:"name_prefix"`
	Status     types.String `tfsdk:"status"`
}

var statuses = []string{StatusActive, StatusDisabled}

func serviceAccountListSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the service accounts of the provider's B3OS organization, for `terraform query` and " +
			"`-generate-config-out`: each result carries the service account id as its identity and, with " +
			"`include_resource = true`, the service account as `" + typeName + "` holds it after an import. " +
			"Service accounts are read 100 at a time; B3OS's list has no filters, so the provider applies them.",
		Attributes: map[string]schema.Attribute{
			"name_prefix": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Lists only the service accounts whose name starts with this prefix (case-sensitive).",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Lists only the service accounts of this status: `" + strings.Join(statuses, "` or `") + "`.",
				Validators:          []validator.String{stringvalidator.OneOf(statuses...)},
			},
		},
	}
}

func listServiceAccounts(ctx context.Context, client *Client, config serviceAccountListModel) kit.Listing[ServiceAccount] {
	return kit.Listing[ServiceAccount]{
		Noun:        noun,
		Pages:       kit.Filtered(client.ServiceAccountPages(ctx), config.matches),
		Identity:    func(sa *ServiceAccount) any { return kit.IDIdentity{ID: types.StringValue(sa.ID)} },
		DisplayName: func(sa *ServiceAccount) string { return sa.Name },
		Resource:    importedModel,
	}
}

func (m serviceAccountListModel) matches(sa *ServiceAccount) bool {
	return strings.HasPrefix(sa.Name, m.NamePrefix.ValueString()) && (m.Status.IsNull() || sa.Status == m.Status.ValueString())
}
