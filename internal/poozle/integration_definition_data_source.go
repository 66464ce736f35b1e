package poozle

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

// NewIntegrationDefinitionDataSource is the constructor the provider registers: an integration a
// workspace can use, looked up by key or name, with the config keys of each of its auth types.
func NewIntegrationDefinitionDataSource() datasource.DataSource {
	return kit.NewDataSource("_poozle_integration_definition", apiTitle, clientOf, definitionSchema(), lookUpDefinition,
		kit.ExactlyOneOf("key", "name"))
}

func definitionSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "An integration definition a Poozle workspace can use, looked up by `key` or `name`: the " +
			"`integration_definition_id`, `auth_type` and `config` keys that `accounts_poozle_integration_account` needs.",
		Attributes: map[string]schema.Attribute{
			"workspace_id": schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Id of the workspace: the definitions it can use are Poozle's public ones and its own."},
			"key":              kit.KeyAttribute("The integration's key, such as `github`, matched exactly. Set exactly one of `key` and `name`."),
			"name":             kit.KeyAttribute("The integration's name, such as `Github`, matched exactly. Set exactly one of `key` and `name`."),
			"id":               kit.Computed("The integration definition's id, for `integration_definition_id`."),
			"integration_type": kit.Computed("The integration's category, such as `TICKETING`."),
			"auth_types": schema.MapNestedAttribute{
				Computed: true,
				MarkdownDescription: "The integration's auth types, such as `Api Key` and `OAuth2`, by name: what " +
					"`auth_type` takes.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"config_keys": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "The keys `config` (or `config_wo`) must set for this auth type, sorted: its own inputs and " +
							"those every auth type needs. They are both required and the only ones accepted: Poozle's specifications " +
							"mark none optional, and `accounts_poozle_integration_account` refuses a config without exactly these keys."},
				}},
			},
		},
	}
}

type definitionModel struct {
	WorkspaceID     types.String `tfsdk:"workspace_id"`
	Key             types.String `tfsdk:"key"`
	Name            types.String `tfsdk:"name"`
	ID              types.String `tfsdk:"id"`
	IntegrationType types.String `tfsdk:"integration_type"`
	AuthTypes       types.Map    `tfsdk:"auth_types"`
}

func lookUpDefinition(ctx context.Context, client *Client, m *definitionModel, diags *diag.Diagnostics) {
	definition := findDefinition(ctx, client, m, diags)
	if definition == nil {
		return
	}
	spec, err := client.Spec(ctx, definition.ID)
	if err != nil {
		kit.APIError(diags, "Could not read the specification of integration definition "+definition.ID, err, "")
		return
	}
	m.ID, m.Key, m.Name = types.StringValue(definition.ID), types.StringValue(definition.Key), types.StringValue(definition.Name)
	m.IntegrationType = kit.StringOrNull(definition.IntegrationType)
	m.AuthTypes = authTypesOf(spec)
}

func findDefinition(ctx context.Context, client *Client, m *definitionModel, diags *diag.Diagnostics) *IntegrationDefinition {
	workspaceID := m.WorkspaceID.ValueString()
	definitions, err := client.IntegrationDefinitions(ctx, workspaceID)
	// A workspace's own definitions may share a name or a key with Poozle's public ones.
	field, wanted := func(d IntegrationDefinition) string { return d.Key }, kit.Key{Attribute: "key", Value: m.Key.ValueString()}
	unique := "Set integration_definition_id to the id of the one you mean."
	if m.Key.IsNull() {
		field, wanted = func(d IntegrationDefinition) string { return d.Name }, kit.Key{Attribute: "name", Value: m.Name.ValueString()}
		unique = "Look the definition up by key instead, or " + strings.ToLower(unique[:1]) + unique[1:]
	}
	var matches []IntegrationDefinition
	usable := make([]string, len(definitions))
	for i, d := range definitions {
		if field(d) == wanted.Value {
			matches = append(matches, d)
		}
		usable[i] = describeDefinition(&d)
	}
	lookup := kit.Lookup{Noun: "Poozle integration definition", Keys: []kit.Key{{Attribute: "workspace_id", Value: workspaceID}, wanted},
		Hint: "The workspace can use: " + strings.Join(usable, ", ") + ".", Unique: unique}
	if len(definitions) == 0 {
		lookup.Hint = "Poozle lists no definition for this workspace: check workspace_id."
	}
	return kit.Find(diags, lookup, matches, err, describeDefinition)
}

func describeDefinition(d *IntegrationDefinition) string {
	return "\"" + d.Name + "\" (key " + d.Key + ", id " + d.ID + ")"
}

var authTypeObject = types.ObjectType{AttrTypes: map[string]attr.Type{"config_keys": types.ListType{ElemType: types.StringType}}}

func authTypesOf(spec *Spec) types.Map {
	authTypes := map[string]attr.Value{}
	for _, authType := range spec.AuthTypes() {
		keys, _ := spec.ConfigKeys(authType) // an auth type AuthTypes lists
		authTypes[authType] = types.ObjectValueMust(authTypeObject.AttrTypes, map[string]attr.Value{"config_keys": kit.StringList(keys)})
	}
	return types.MapValueMust(authTypeObject, authTypes)
}
