package poozle

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// syncPeriods are Poozle's SyncPeriod values, for the validator and the docs.
var syncPeriods = []string{"EVERY_QUARTER_HOUR", "EVERY_HALF_HOUR", "EVERY_HOUR", "EVERY_HALF_DAY", "EVERY_DAY"}

// rotatedConfigKeys are config fields the server rewrites on its own: Poozle exchanges an
// OAuth2 refresh token when it first uses it and stores the new one.
var rotatedConfigKeys = []string{"refresh_token"}

type integrationAccountModel struct {
	ID                      types.String   `tfsdk:"id"`
	WorkspaceID             types.String   `tfsdk:"workspace_id"`
	IntegrationDefinitionID types.String   `tfsdk:"integration_definition_id"`
	AuthType                types.String   `tfsdk:"auth_type"`
	Name                    types.String   `tfsdk:"name"`
	AccountIdentifier       types.String   `tfsdk:"account_identifier"`
	Config                  types.Map      `tfsdk:"config"`
	ConfigWO                types.Map      `tfsdk:"config_wo"`
	ConfigWOVersion         types.Int64    `tfsdk:"config_wo_version"`
	SyncEnabled             types.Bool     `tfsdk:"sync_enabled"`
	SyncPeriod              types.String   `tfsdk:"sync_period"`
	LinkID                  types.String   `tfsdk:"link_id"`
	CreatedAt               types.String   `tfsdk:"created_at"`
	UpdatedAt               types.String   `tfsdk:"updated_at"`
	Timeouts                timeouts.Value `tfsdk:"timeouts"`
}

// pending is the state of a create whose outcome is unknown: what the configuration sets, an
// empty id, and nothing that only the server can tell.
func (m integrationAccountModel) pending() integrationAccountModel {
	m.ID = types.StringValue("")
	m.LinkID = types.StringNull()
	m.CreatedAt = types.StringNull()
	m.UpdatedAt = types.StringNull()
	return m
}

// fillComputed sets what only the server tells, after a create or an update: the configured
// attributes stay as planned.
func (m *integrationAccountModel) fillComputed(a *IntegrationAccount) {
	m.ID = types.StringValue(a.ID)
	m.LinkID = kit.StringPointerOrNull(a.LinkID)
	m.CreatedAt = kit.StringOrNull(a.CreatedAt)
	m.UpdatedAt = kit.StringOrNull(a.UpdatedAt)
}

// fill sets the state from the server's account. config is refreshed only when the state
// holds it (it is null with config_wo) or when the state comes from an import, and a rotated key
// keeps the value Terraform knows, so a token the server exchanged is not reported as drift.
func (m *integrationAccountModel) fill(a *IntegrationAccount) {
	imported := m.WorkspaceID.IsNull()
	m.fillComputed(a)
	m.WorkspaceID = types.StringValue(a.WorkspaceID)
	m.IntegrationDefinitionID = types.StringValue(a.IntegrationDefinitionID)
	m.AuthType = types.StringValue(a.AuthType)
	m.Name = types.StringValue(a.Name)
	m.AccountIdentifier = kit.StringPointerOrNull(a.AccountIdentifier)
	m.SyncEnabled = types.BoolValue(a.SyncEnabled)
	m.SyncPeriod = kit.StringPointerOrNull(a.SyncPeriod)
	if imported || !m.Config.IsNull() {
		m.Config = configValue(withKnownRotatedKeys(configStrings(a.Config), m.Config))
	}
}

// withKnownRotatedKeys keeps the known value of each rotated key that both hold.
func withKnownRotatedKeys(server map[string]string, known types.Map) map[string]string {
	for _, key := range rotatedConfigKeys {
		value, found := known.Elements()[key].(types.String)
		if _, held := server[key]; found && held {
			server[key] = value.ValueString()
		}
	}
	return server
}

// configStrings turns the server's config into strings: the specifications' inputs are strings,
// and anything else is shown as its JSON.
func configStrings(config map[string]any) map[string]string {
	out := make(map[string]string, len(config))
	for key, value := range config {
		if s, isString := value.(string); isString {
			out[key] = s
			continue
		}
		encoded, _ := json.Marshal(value) // decoded from JSON, so it encodes
		out[key] = string(encoded)
	}
	return out
}

func configValue(config map[string]string) types.Map {
	elements := make(map[string]attr.Value, len(config))
	for key, value := range config {
		elements[key] = types.StringValue(value)
	}
	return types.MapValueMust(types.StringType, elements)
}

// stringMap reads a known map of strings; unknown and null elements are left out.
func stringMap(m types.Map) map[string]string {
	out := make(map[string]string, len(m.Elements()))
	for key, element := range m.Elements() {
		if s, isString := element.(types.String); isString && !s.IsNull() && !s.IsUnknown() {
			out[key] = s.ValueString()
		}
	}
	return out
}

// createRequest is the create body for the plan, with config resolved by the caller.
func (m integrationAccountModel) createRequest(config map[string]string) CreateRequest {
	return CreateRequest{
		WorkspaceID:             m.WorkspaceID.ValueString(),
		IntegrationDefinitionID: m.IntegrationDefinitionID.ValueString(),
		Name:                    m.Name.ValueString(),
		AuthType:                m.AuthType.ValueString(),
		Config:                  config,
		AccountIdentifier:       m.AccountIdentifier.ValueStringPointer(),
		SyncEnabled:             m.SyncEnabled.ValueBool(),
		SyncPeriod:              m.SyncPeriod.ValueStringPointer(),
	}
}

// updateRequest is the full desired body: every field is sent, so nothing falls back to a
// server default by being left out.
func (m integrationAccountModel) updateRequest(config map[string]string) UpdateRequest {
	return UpdateRequest{
		Name:        m.Name.ValueString(),
		AuthType:    m.AuthType.ValueString(),
		Config:      config,
		SyncEnabled: m.SyncEnabled.ValueBool(),
		SyncPeriod:  m.SyncPeriod.ValueStringPointer(),
	}
}

// madeBy reports whether a is what a create of this plan, started as record tells, made: the
// same workspace, definition, name and identifier, created after the attempt began.
func (m integrationAccountModel) madeBy(a IntegrationAccount, record kit.Unfinished) bool {
	return record.MayHaveMade(a.CreatedAt) &&
		a.WorkspaceID == m.WorkspaceID.ValueString() &&
		a.IntegrationDefinitionID == m.IntegrationDefinitionID.ValueString() &&
		a.Name == m.Name.ValueString() &&
		kit.StringPointerOrNull(a.AccountIdentifier).Equal(m.AccountIdentifier)
}

// importedModel is an account as Read holds it after an import: config as Poozle returns it, no
// write-only config and no timeouts.
func importedModel(ctx context.Context, a *IntegrationAccount) *integrationAccountModel {
	m := &integrationAccountModel{
		Config: types.MapNull(types.StringType), ConfigWO: types.MapNull(types.StringType), Timeouts: kit.NullTimeouts(ctx),
	}
	m.fill(a)
	return m
}
