package isc

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// Account attributes are a map whose values are each a string or a list of strings. Terraform
// maps hold one element type, so the attribute is dynamic: an object written in HCL such as
// { id = "jdoe", groups = ["a", "b"] }. These helpers convert it to and from the API's JSON.

// serverManagedAttributes are attributes ISC adds on its own; an import leaves them out so that
// the configuration does not have to repeat them.
var serverManagedAttributes = map[string]bool{"IIQDisabled": true, "IIQLocked": true}

// attributeValues converts a known dynamic value. Unknown elements make known false.
func attributeValues(v types.Dynamic) (values map[string]any, known bool, err error) {
	if v.IsNull() {
		return nil, true, fmt.Errorf("attributes must be set")
	}
	if v.IsUnknown() || v.IsUnderlyingValueUnknown() {
		return nil, false, nil
	}
	elements, err := elementsOf(v.UnderlyingValue())
	if err != nil {
		return nil, true, err
	}
	values = make(map[string]any, len(elements))
	known = true
	for name, element := range elements {
		if element.IsUnknown() {
			known = false
			continue
		}
		value, err := attributeValue(name, element)
		if err != nil {
			return nil, true, err
		}
		values[name] = value
	}
	return values, known, nil
}

func elementsOf(v attr.Value) (map[string]attr.Value, error) {
	switch value := v.(type) {
	case basetypes.ObjectValue:
		return value.Attributes(), nil
	case basetypes.MapValue:
		return value.Elements(), nil
	}
	return nil, fmt.Errorf("attributes must be an object such as { id = \"jdoe\", groups = [\"a\"] }, not %s", v.Type(context.Background()))
}

func attributeValue(name string, v attr.Value) (any, error) {
	if s, ok := v.(basetypes.StringValue); ok && !s.IsNull() {
		return s.ValueString(), nil
	}
	var elements []attr.Value
	switch value := v.(type) {
	case basetypes.TupleValue:
		elements = value.Elements()
	case basetypes.ListValue:
		elements = value.Elements()
	case basetypes.SetValue:
		elements = value.Elements()
	}
	if elements == nil && !isCollection(v) {
		return nil, fmt.Errorf("attribute %q must be a string or a list of strings", name)
	}
	list := make([]string, 0, len(elements))
	for _, e := range elements {
		s, ok := e.(basetypes.StringValue)
		if !ok || s.IsNull() {
			return nil, fmt.Errorf("attribute %q must be a string or a list of strings", name)
		}
		list = append(list, s.ValueString())
	}
	return list, nil
}

func isCollection(v attr.Value) bool {
	switch v.(type) {
	case basetypes.TupleValue, basetypes.ListValue, basetypes.SetValue:
		return !v.IsNull()
	}
	return false
}

// normalize turns the API's JSON values into strings and string lists, the only shapes the
// resource manages; other values (numbers, booleans) become their text.
func normalize(value any) any {
	switch v := value.(type) {
	case string:
		return v
	case []any:
		list := make([]string, len(v))
		for i, e := range v {
			list[i] = fmt.Sprint(e)
		}
		return list
	case []string:
		return v
	case nil:
		return nil
	}
	return fmt.Sprint(value)
}

// valueSet is an attribute value as ISC means it: a multi-valued attribute is a set, whatever
// order a source returns it in, and a single value may come back as a string or as a
// one-element list.
func valueSet(value any) []string {
	var values []string
	switch v := normalize(value).(type) {
	case string:
		values = []string{v}
	case []string:
		values = slices.Clone(v)
	}
	slices.Sort(values)
	return slices.Compact(values)
}

func sameValue(a, b any) bool {
	return slices.Equal(valueSet(a), valueSet(b))
}

// holds reports whether the server's attributes hold every wanted value.
func holds(server, wanted map[string]any) bool {
	for name, value := range wanted {
		if !sameValue(server[name], value) {
			return false
		}
	}
	return true
}

func sameAttributes(a, b map[string]any) bool {
	return len(a) == len(b) && holds(a, b)
}

// refreshAttributes returns the attributes as the server holds them, limited to the names the
// prior value manages (so attributes the server adds cause no diff). The prior value is
// returned unchanged when nothing drifted, so a reordered or differently shaped but equal value
// never shows as a change.
func refreshAttributes(prior types.Dynamic, server map[string]any) types.Dynamic {
	managed, known, err := attributeValues(prior)
	if err != nil || !known || holds(server, managed) {
		return prior
	}
	current := make(map[string]any, len(managed))
	for name, held := range managed {
		if value := normalize(server[name]); value != nil {
			current[name] = shapedLike(held, value)
		}
	}
	return dynamicFrom(current)
}

// shapedLike gives a single value the shape of the value held before: a list stays a list when
// ISC returns its one value as a string.
func shapedLike(held, value any) any {
	if text, single := value.(string); single {
		if _, list := held.([]string); list {
			return []string{text}
		}
	}
	return value
}

// mergeAttributes builds the full attribute set a PUT replaces the account's with: what the
// server holds, less the attributes the configuration stopped managing, plus the configured
// ones. Attributes the configuration never managed survive, and so do those ISC manages itself:
// a PUT without IIQDisabled would enable a disabled account.
func mergeAttributes(server, held, wanted map[string]any) map[string]any {
	merged := make(map[string]any, len(server)+len(wanted))
	for name, value := range server {
		_, dropped := held[name]
		if !dropped && normalize(value) != nil {
			merged[name] = normalize(value)
		}
	}
	for name, value := range wanted {
		merged[name] = value
	}
	return merged
}

// removedAttributes lists the attributes held that the plan no longer sets: an update removes
// them from the account.
func removedAttributes(held, wanted map[string]any) []string {
	var removed []string
	for name := range held {
		if _, kept := wanted[name]; !kept {
			removed = append(removed, name)
		}
	}
	slices.Sort(removed)
	return removed
}

// importedAttributes are all the attributes of an account but those ISC manages itself, the
// values of multi-valued ones sorted, since a source returns them in any order. An attribute the
// source's schema makes multi-valued is a list even when ISC returns its one value as a string,
// so that a configuration that writes it as a list, as it must to hold more, plans no change.
func importedAttributes(server map[string]any, schema *AccountSchema) types.Dynamic {
	values := make(map[string]any, len(server))
	for name, value := range server {
		switch v := normalize(value).(type) {
		case string:
			values[name] = v
			if schema.MultiValued(name) {
				values[name] = []string{v}
			}
		case []string:
			values[name] = valueSet(v)
		}
		if serverManagedAttributes[name] {
			delete(values, name)
		}
	}
	return dynamicFrom(values)
}

// dynamicFrom builds an object of strings and tuples of strings, the shape HCL gives
// { id = "jdoe", groups = ["a", "b"] }.
func dynamicFrom(values map[string]any) types.Dynamic {
	types_ := make(map[string]attr.Type, len(values))
	elements := make(map[string]attr.Value, len(values))
	for name, value := range values {
		switch v := value.(type) {
		case string:
			types_[name], elements[name] = types.StringType, types.StringValue(v)
		case []string:
			elementTypes := make([]attr.Type, len(v))
			items := make([]attr.Value, len(v))
			for i, s := range v {
				elementTypes[i], items[i] = types.StringType, types.StringValue(s)
			}
			types_[name] = types.TupleType{ElemTypes: elementTypes}
			elements[name] = types.TupleValueMust(elementTypes, items)
		}
	}
	return types.DynamicValue(types.ObjectValueMust(types_, elements))
}

// sortedNames lists attribute names for messages.
func sortedNames(values map[string]any) string {
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// inferIdentityAttribute names the one attribute whose value is the account's native identity,
// or "" when none or several are.
func inferIdentityAttribute(account *Account) string {
	found := ""
	for name, value := range account.Attributes {
		if text, ok := value.(string); ok && text == account.NativeIdentity && !serverManagedAttributes[name] {
			if found != "" {
				return ""
			}
			found = name
		}
	}
	return found
}
