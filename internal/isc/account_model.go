package isc

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

type accountModel struct {
	ID                      types.String   `tfsdk:"id"`
	SourceID                types.String   `tfsdk:"source_id"`
	Attributes              types.Dynamic  `tfsdk:"attributes"`
	NativeIdentityAttribute types.String   `tfsdk:"native_identity_attribute"`
	NativeIdentity          types.String   `tfsdk:"native_identity"`
	Disabled                types.Bool     `tfsdk:"disabled"`
	Name                    types.String   `tfsdk:"name"`
	SourceName              types.String   `tfsdk:"source_name"`
	IdentityID              types.String   `tfsdk:"identity_id"`
	Locked                  types.Bool     `tfsdk:"locked"`
	Uncorrelated            types.Bool     `tfsdk:"uncorrelated"`
	Created                 types.String   `tfsdk:"created"`
	Modified                types.String   `tfsdk:"modified"`
	Timeouts                timeouts.Value `tfsdk:"timeouts"`
}

// fill sets what ISC computes.
func (m *accountModel) fill(a *Account) {
	m.ID = types.StringValue(a.ID)
	m.SourceID = types.StringValue(a.SourceID)
	m.NativeIdentity = types.StringValue(a.NativeIdentity)
	m.Disabled = types.BoolValue(a.Disabled)
	m.Name = types.StringValue(a.Name)
	m.SourceName = types.StringValue(a.SourceName)
	m.IdentityID = kit.StringOrNull(a.IdentityID)
	m.Locked = types.BoolValue(a.Locked)
	m.Uncorrelated = types.BoolValue(a.Uncorrelated)
	m.Created = types.StringValue(a.Created)
	m.Modified = types.StringValue(a.Modified)
}

// keepUnchangeable copies into an update's plan what the update cannot change, so the plan
// shows it as it is rather than as known after apply: who the account is correlated with and
// whether it is locked never change by an update; its name (the display attribute) and its
// modification time change only when the attributes or the disabled flag do.
func (m *accountModel) keepUnchangeable(state accountModel) {
	m.IdentityID, m.Locked, m.Uncorrelated, m.SourceName = state.IdentityID, state.Locked, state.Uncorrelated, state.SourceName
	attributesKept := m.Attributes.Equal(state.Attributes)
	if attributesKept {
		m.Name = state.Name
	}
	if attributesKept && (m.Disabled.IsUnknown() || m.Disabled.Equal(state.Disabled)) {
		m.Modified, m.Disabled = state.Modified, state.Disabled
	}
}

// importedModel is an account as Read holds it after an import: every attribute it has is
// managed, shaped as its source's schema (nil when unreadable) has it, and no timeouts are set.
func importedModel(ctx context.Context, a *Account, schema *AccountSchema) *accountModel {
	m := &accountModel{Timeouts: kit.NullTimeouts(ctx)}
	m.adopt(a, schema)
	m.fill(a)
	return m
}

// adopt makes the model manage every attribute of an imported account.
func (m *accountModel) adopt(a *Account, schema *AccountSchema) {
	m.NativeIdentityAttribute = identityAttributeOf(schema, a)
	m.Attributes = importedAttributes(a.Attributes, schema)
}

// pending is the record of a create whose account is not known yet: no id (an empty string, so
// that plugin-testing's flatmap state keeps it), and nothing that only ISC can tell.
func (m accountModel) pending() *accountModel {
	p := m
	p.ID = types.StringValue("")
	p.Disabled = types.BoolNull()
	p.Name, p.SourceName, p.IdentityID = types.StringNull(), types.StringNull(), types.StringNull()
	p.Locked, p.Uncorrelated = types.BoolNull(), types.BoolNull()
	p.Created, p.Modified = types.StringNull(), types.StringNull()
	return &p
}

// newAccount is what the plan asks ISC to create.
func (m accountModel) newAccount() NewAccount {
	values, _, _ := attributeValues(m.Attributes) // validated at plan time
	return NewAccount{SourceID: m.SourceID.ValueString(), NativeIdentity: m.NativeIdentity.ValueString(), Attributes: values}
}

func (m accountModel) describe() string {
	return "\"" + m.NativeIdentity.ValueString() + "\" (id " + m.ID.ValueString() + ")"
}
