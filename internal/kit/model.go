package kit

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// GetModel reads a plan, state or configuration into model, a pointer to a struct whose fields
// are all attr.Value with tfsdk tags, as get(ctx, model) would (get is a Plan's, State's or
// Config's Get). The framework's own struct conversion compiles a regular expression for every
// field on every call (terraform-plugin-framework issue 725), which made up most of a resource's
// own CPU in `make bench`; this one reads the tags once per type.
func GetModel(ctx context.Context, get func(context.Context, any) diag.Diagnostics, model any) diag.Diagnostics {
	var object types.Object
	diags := get(ctx, &object)
	if diags.HasError() {
		return diags
	}
	target := reflect.ValueOf(model).Elem()
	fields, err := modelFields(target.Type())
	attributes := object.Attributes()
	if err == nil && len(attributes) != len(fields) {
		err = fmt.Errorf("the data has %d attributes, the model %d fields", len(attributes), len(fields))
	}
	for _, f := range fields {
		if err != nil {
			break
		}
		value := reflect.ValueOf(attributes[f.name])
		if !value.IsValid() || !value.Type().AssignableTo(target.Field(f.index).Type()) {
			err = fmt.Errorf("attribute %q holds %v, not a %s", f.name, attributes[f.name], target.Field(f.index).Type())
			break
		}
		target.Field(f.index).Set(value)
	}
	if err != nil {
		diags.AddError("Value Conversion Error", modelBug(model, err))
	}
	return diags
}

// SetModel writes model, a struct as GetModel reads, into state, as state.Set(ctx, model) would.
func SetModel(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
	var diags diag.Diagnostics
	source := reflect.Indirect(reflect.ValueOf(model))
	fields, err := modelFields(source.Type())
	values := make(map[string]tftypes.Value, len(fields))
	for _, f := range fields {
		if err != nil {
			break
		}
		value, _ := source.Field(f.index).Interface().(attr.Value) // modelFields checked the type
		values[f.name], err = value.ToTerraformValue(ctx)
	}
	objectType := state.Schema.Type().TerraformType(ctx)
	if err == nil {
		err = tftypes.ValidateValue(objectType, values)
	}
	if err != nil {
		diags.AddError("Value Conversion Error", modelBug(model, err))
		return diags
	}
	return state.Set(ctx, tftypes.NewValue(objectType, values))
}

func modelBug(model any, err error) string {
	return fmt.Sprintf("An unexpected error was encountered converting %T. This is always an error in the provider. "+
		"Please report the following to the provider developer:\n\n%s", model, err)
}

// modelField is one tagged field of a model struct.
type modelField struct {
	name  string
	index int
}

// modelFieldsByType caches modelFields: a model type's tags never change.
var modelFieldsByType sync.Map

var attrValueType = reflect.TypeFor[attr.Value]()

// modelFields lists the tagged fields of a model struct type, each of which must be an attr.Value.
func modelFields(typ reflect.Type) ([]modelField, error) {
	if cached, ok := modelFieldsByType.Load(typ); ok {
		return cached.([]modelField), nil //nolint:forcetypeassert // only this function stores
	}
	if typ.Kind() != reflect.Struct {
		return nil, fmt.Errorf("%s is not a struct", typ)
	}
	fields := make([]modelField, 0, typ.NumField())
	for i := range typ.NumField() {
		field := typ.Field(i)
		name := field.Tag.Get("tfsdk")
		if name == "" || !field.IsExported() || !field.Type.Implements(attrValueType) {
			return nil, fmt.Errorf("field %s of %s needs a tfsdk tag and an attr.Value type", field.Name, typ)
		}
		fields = append(fields, modelField{name: name, index: i})
	}
	modelFieldsByType.Store(typ, fields)
	return fields, nil
}
