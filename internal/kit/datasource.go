package kit

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var (
	_ datasource.DataSourceWithConfigure        = (*DataSource[any, any])(nil)
	_ datasource.DataSourceWithConfigValidators = (*DataSource[any, any])(nil)
)

// DataSource is a data source made of what is its own: its schema, the plan-time rules its
// lookup keys follow, and its lookup. M is the model of its configuration and state; C is its
// API's client.
type DataSource[C, M any] struct {
	// typeName follows the provider's name, such as "_isc_source".
	typeName string
	api      string
	source   func(*Clients) (C, error)
	client   C
	pending  Pending

	// Definition is the data source's schema.
	Definition schema.Schema
	// Keys are the rules of the lookup keys, checked at plan time without calling the API, such
	// as datasourcevalidator.ExactlyOneOf.
	Keys []datasource.ConfigValidator
	// Look fills model, read from the configuration, from the API, or reports why it cannot:
	// an error naming the lookup keys when nothing, or more than one object, matches (see One).
	Look func(ctx context.Context, client C, model *M, diags *diag.Diagnostics)
}

// NewDataSource makes a data source type: typeName follows the provider's name
// ("_isc_source"), api names the API in errors, source reads the API's client from the
// provider's data (see ClientOf), and definition, look and keys are its own.
func NewDataSource[C, M any](typeName, api string, source func(*Clients) (C, error), definition schema.Schema,
	look func(ctx context.Context, client C, model *M, diags *diag.Diagnostics), keys ...datasource.ConfigValidator) *DataSource[C, M] {
	return &DataSource[C, M]{typeName: typeName, api: api, source: source, Definition: definition, Look: look, Keys: keys}
}

// ExactlyOneOf is the rule of a data source looked up by one of the keys named.
func ExactlyOneOf(names ...string) datasource.ConfigValidator {
	expressions := make([]path.Expression, len(names))
	for i, name := range names {
		expressions[i] = path.MatchRoot(name)
	}
	return datasourcevalidator.ExactlyOneOf(expressions...)
}

// KeyAttribute is a lookup key of a data source: optional, as the object found has it once
// read, and never empty.
func KeyAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: description,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)}}
}

// Computed is a string attribute a data source reads.
func Computed(description string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description}
}

// ComputedBool is a bool attribute a data source reads.
func ComputedBool(description string) schema.BoolAttribute {
	return schema.BoolAttribute{Computed: true, MarkdownDescription: description}
}

func (d *DataSource[C, M]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.typeName
}

func (d *DataSource[C, M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.Definition
}

func (d *DataSource[C, M]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return d.Keys
}

func (d *DataSource[C, M]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client, d.pending = configureFrom(req.ProviderData, &resp.Diagnostics, d.api, d.source)
}

// Read looks the object up within ReadTimeout. Terraform reads a data source during the plan
// when its configuration is known, and during the apply otherwise.
func (d *DataSource[C, M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model M
	resp.Diagnostics.Append(GetModel(ctx, req.Config.Get, &model)...)
	if resp.Diagnostics.HasError() || !d.pending.Ready(&resp.Diagnostics) {
		return
	}
	ctx, cancel := WithReadTimeout(ctx)
	defer cancel()
	d.Look(ctx, d.client, &model, &resp.Diagnostics)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(SetModel(ctx, &resp.State, &model)...)
	}
}
