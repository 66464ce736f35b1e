package isc

import (
	"context"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// NewSourceDataSource is the constructor the provider registers: a source looked up by id or
// name, with its account schema.
func NewSourceDataSource() datasource.DataSource {
	return kit.NewDataSource("_isc_source", apiTitle, clientOf, sourceSchema(), lookUpSource, kit.ExactlyOneOf("id", "name"))
}

func sourceSchema() schema.Schema {
	computed := kit.Computed
	return schema.Schema{
		MarkdownDescription: "A SailPoint ISC source, looked up by `id` or by `name`, with its account schema: what " +
			"`accounts_isc_account` needs for `source_id`, `native_identity_attribute` and `attributes`.",
		Attributes: map[string]schema.Attribute{
			"id":              kit.KeyAttribute("The source id. Set exactly one of `id` and `name`."),
			"name":            kit.KeyAttribute("The source's name, matched exactly (ISC keeps names unique). Set exactly one of `id` and `name`."),
			"description":     computed("What the source is for."),
			"connector_type":  computed("The source's connector type, such as `DelimitedFile` or `Active Directory - Direct`."),
			"connector":       computed("The connector script, such as `delimited-file`."),
			"connection_type": computed("`file` or `direct`."),
			"identity_attribute": computed("The account schema's identity attribute: the attribute whose value is an account's " +
				"native identity. Null when the token may not read source schemas (" + schemaTokenKinds + ")."),
			"display_attribute": computed("The account schema's display attribute: the attribute that names an account. " +
				"Null when the token may not read source schemas."),
			"attributes": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The account schema's attributes, in the schema's order. Null when the token may not read source schemas.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":         computed("The attribute's name, as `accounts_isc_account`'s `attributes` names it."),
					"type":         computed("The attribute's type, such as `STRING`, `LONG`, `INT`, `BOOLEAN` or `DATE`."),
					"multi_valued": kit.ComputedBool("Whether the attribute holds a list of values."),
				}},
			},
		},
	}
}

type sourceModel struct {
	ID                types.String `tfsdk:"id"`
	Name              types.String `tfsdk:"name"`
	Description       types.String `tfsdk:"description"`
	ConnectorType     types.String `tfsdk:"connector_type"`
	Connector         types.String `tfsdk:"connector"`
	ConnectionType    types.String `tfsdk:"connection_type"`
	IdentityAttribute types.String `tfsdk:"identity_attribute"`
	DisplayAttribute  types.String `tfsdk:"display_attribute"`
	Attributes        types.List   `tfsdk:"attributes"`
}

// schemaTokenKinds says which tokens may read source schemas.
const schemaTokenKinds = "SailPoint serves source schemas only to user tokens, a personal access token with " +
	"idn:source-schema:read; an API client is refused with 403"

func lookUpSource(ctx context.Context, client *Client, m *sourceModel, diags *diag.Diagnostics) {
	source := findSource(ctx, client, m, diags)
	if source == nil {
		return
	}
	m.ID, m.Name, m.Description = types.StringValue(source.ID), types.StringValue(source.Name), kit.StringOrNull(source.Description)
	m.ConnectorType, m.Connector, m.ConnectionType = types.StringValue(source.Type), kit.StringOrNull(source.Connector), kit.StringOrNull(source.ConnectionType)
	m.fillSchema(schemaOrWarning(ctx, client, source, diags))
}

func findSource(ctx context.Context, client *Client, m *sourceModel, diags *diag.Diagnostics) *Source {
	describe := func(s *Source) string { return "\"" + s.Name + "\" (id " + s.ID + ")" }
	if !m.ID.IsNull() {
		source, err := client.GetSource(ctx, m.ID.ValueString())
		lookup := kit.Lookup{Noun: "ISC source", Keys: []kit.Key{{Attribute: "id", Value: m.ID.ValueString()}},
			Hint: "Set id to the id of a source of the tenant (32 hexadecimal digits), or look the source up by name."}
		return kit.Find(diags, lookup, kit.Matches(source), err, describe)
	}
	name := m.Name.ValueString()
	sources, err := client.SourcesNamed(ctx, name)
	exact, others := byExactName(sources, name)
	lookup := kit.Lookup{Noun: "ISC source", Keys: []kit.Key{{Attribute: "name", Value: name}},
		Hint: "Source names are matched exactly.", Unique: "Look the source up by id instead."}
	if len(others) > 0 {
		lookup.Hint += " The tenant has " + strings.Join(others, ", ") + ", which differs only in case."
	}
	return kit.Find(diags, lookup, exact, err, describe)
}

// byExactName splits the sources ISC's filter matched into those named exactly name, and the
// names of the others (which differ in case only).
func byExactName(sources []Source, name string) (exact []Source, others []string) {
	for _, s := range sources {
		if s.Name == name {
			exact = append(exact, s)
		} else {
			others = append(others, "\""+s.Name+"\"")
		}
	}
	return exact, others
}

// schemaOrWarning reads the source's account schema; nil, with a warning naming the tokens that
// may read it, when the token may not.
func schemaOrWarning(ctx context.Context, client *Client, source *Source, diags *diag.Diagnostics) *AccountSchema {
	schema, err := client.SourceAccountSchema(ctx, source.ID)
	switch {
	case err == nil:
		return schema
	case transport.StatusOf(err) == http.StatusForbidden && !transport.TokenFailed(err):
		diags.AddWarning("The source's account schema is not readable with this token",
			"identity_attribute, display_attribute and attributes of source \""+source.Name+"\" are null: "+schemaTokenKinds+
				". The ISC answer: "+err.Error())
	default:
		kit.APIError(diags, "Could not read the account schema of source "+source.ID, err, "")
	}
	return nil
}

var sourceAttributeType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"name": types.StringType, "type": types.StringType, "multi_valued": types.BoolType,
}}

func (m *sourceModel) fillSchema(s *AccountSchema) {
	if s == nil {
		m.IdentityAttribute, m.DisplayAttribute = types.StringNull(), types.StringNull()
		m.Attributes = types.ListNull(sourceAttributeType)
		return
	}
	m.IdentityAttribute, m.DisplayAttribute = types.StringValue(s.IdentityAttribute), kit.StringOrNull(s.DisplayAttribute)
	attributes := make([]attr.Value, len(s.Attributes))
	for i, a := range s.Attributes {
		attributes[i] = types.ObjectValueMust(sourceAttributeType.AttrTypes, map[string]attr.Value{
			"name": types.StringValue(a.Name), "type": kit.StringOrNull(a.Type), "multi_valued": types.BoolValue(a.multiValued()),
		})
	}
	m.Attributes = types.ListValueMust(sourceAttributeType, attributes)
}
