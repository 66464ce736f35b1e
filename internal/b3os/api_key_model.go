package b3os

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// apiKeyModel is the accounts_b3os_api_key resource's data.
type apiKeyModel struct {
	ID               types.String   `tfsdk:"id"`
	ServiceAccountID types.String   `tfsdk:"service_account_id"`
	Name             types.String   `tfsdk:"name"`
	Description      types.String   `tfsdk:"description"`
	Scope            types.String   `tfsdk:"scope"`
	Keepers          types.Map      `tfsdk:"keepers"`
	RotateAfter      types.String   `tfsdk:"rotate_after"`
	Key              types.String   `tfsdk:"key"`
	Status           types.String   `tfsdk:"status"`
	CreatedAt        types.String   `tfsdk:"created_at"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// input is the mint's body for what the configuration sets.
func (m apiKeyModel) input() APIKeyInput {
	return APIKeyInput{Name: m.Name.ValueString(), Description: m.Description.ValueString(), Scope: m.Scope.ValueString(),
		ServiceAccountID: m.ServiceAccountID.ValueString()}
}

// fill sets every attribute B3OS lists for the key; the secret is not among them.
func (m *apiKeyModel) fill(key *APIKey) {
	m.ID = types.StringValue(key.ID)
	m.ServiceAccountID = types.StringValue(key.ServiceAccountID)
	m.Name = types.StringValue(key.Name)
	m.Description = kit.StringOrNull(key.Description)
	m.Scope = types.StringValue(key.Scope)
	m.Status = types.StringValue(key.Status)
	m.CreatedAt = kit.StringOrNull(key.CreatedAt)
}

// minted records a mint's answer. B3OS's answer holds only id, key and name; status and
// created_at come from a read after it (listed), or stay null until the next refresh.
func (m *apiKeyModel) minted(key *MintedAPIKey, listed *APIKey) {
	m.ID = types.StringValue(key.ID)
	m.Key = types.StringValue(key.Key)
	m.Status, m.CreatedAt = types.StringNull(), types.StringNull()
	if listed != nil {
		m.Status = types.StringValue(listed.Status)
		m.CreatedAt = kit.StringOrNull(listed.CreatedAt)
	}
}

// pending is the state kept while a mint's outcome is unknown: what the configuration sets,
// with an empty id and no key.
func (m apiKeyModel) pending() apiKeyModel {
	m.ID = types.StringValue("")
	m.Key, m.Status, m.CreatedAt = types.StringNull(), types.StringNull(), types.StringNull()
	return m
}

// importedKeyModel is a key as Read holds it after an import: without its secret.
func importedKeyModel(ctx context.Context, key *APIKey) any {
	m := apiKeyModel{Timeouts: kit.NullTimeouts(ctx), Keepers: types.MapNull(types.StringType), Key: types.StringNull(),
		RotateAfter: types.StringNull()}
	m.fill(key)
	return &m
}
