package b3os

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// serviceAccountModel is the resource's data.
type serviceAccountModel struct {
	ID             types.String   `tfsdk:"id"`
	Name           types.String   `tfsdk:"name"`
	Description    types.String   `tfsdk:"description"`
	Permissions    types.Set      `tfsdk:"permissions"`
	Disabled       types.Bool     `tfsdk:"disabled"`
	OrganizationID types.String   `tfsdk:"organization_id"`
	Status         types.String   `tfsdk:"status"`
	CreatedAt      types.String   `tfsdk:"created_at"`
	CreatedBy      types.String   `tfsdk:"created_by"`
	UpdatedAt      types.String   `tfsdk:"updated_at"`
	DisabledAt     types.String   `tfsdk:"disabled_at"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

// input is the full desired state B3OS's create and update both take.
func (m serviceAccountModel) input(ctx context.Context) (ServiceAccountInput, diag.Diagnostics) {
	in := ServiceAccountInput{Name: m.Name.ValueString(), Description: m.Description.ValueString()}
	diags := m.Permissions.ElementsAs(ctx, &in.Permissions, false)
	return in, diags
}

// fill sets every attribute B3OS holds from the service account.
func (m *serviceAccountModel) fill(ctx context.Context, sa *ServiceAccount) diag.Diagnostics {
	permissions, diags := types.SetValueFrom(ctx, types.StringType, sa.Permissions)
	m.ID = types.StringValue(sa.ID)
	m.Name = types.StringValue(sa.Name)
	m.Description = kit.StringOrNull(sa.Description)
	m.Permissions = permissions
	m.Disabled = types.BoolValue(sa.Status == StatusDisabled)
	m.OrganizationID = types.StringValue(sa.OrganizationID)
	m.Status = types.StringValue(sa.Status)
	m.CreatedAt = types.StringValue(sa.CreatedAt)
	m.CreatedBy = types.StringValue(sa.CreatedBy)
	m.UpdatedAt = types.StringValue(sa.UpdatedAt)
	m.DisabledAt = kit.StringPointerOrNull(sa.DisabledAt)
	return diags
}

// pending is the state kept while a create's outcome is unknown: what the configuration sets,
// with an empty id and nothing only B3OS can tell.
func (m serviceAccountModel) pending() serviceAccountModel {
	m.ID = types.StringValue("")
	for _, computed := range []*types.String{&m.OrganizationID, &m.Status, &m.CreatedAt, &m.CreatedBy, &m.UpdatedAt, &m.DisabledAt} {
		*computed = types.StringNull()
	}
	return m
}

// equal compares two inputs, permissions as sets.
func (in ServiceAccountInput) equal(other ServiceAccountInput) bool {
	return in.Name == other.Name && in.Description == other.Description &&
		slices.Equal(slices.Sorted(slices.Values(in.Permissions)), slices.Sorted(slices.Values(other.Permissions)))
}

// madeBy reports whether sa is what an attempt that sent in and started as record says could
// have made: the same name, description and permissions, created after the attempt began.
func (in ServiceAccountInput) madeBy(sa *ServiceAccount, record kit.Unfinished) bool {
	return record.MayHaveMade(sa.CreatedAt) &&
		in.equal(ServiceAccountInput{Name: sa.Name, Description: sa.Description, Permissions: sa.Permissions})
}

// importedModel is a service account as Read holds it after an import.
func importedModel(ctx context.Context, sa *ServiceAccount) any {
	m := serviceAccountModel{Timeouts: kit.NullTimeouts(ctx)}
	m.fill(ctx, sa) // a set of strings from strings always converts
	return &m
}
