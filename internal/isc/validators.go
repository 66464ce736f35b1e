package isc

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// attributesValidator rejects, at plan time, attributes that are not an object of strings and
// lists of strings, that are empty, or that set sourceId (source_id does).
type attributesValidator struct{}

func (attributesValidator) Description(context.Context) string {
	return "must be a non-empty object whose values are strings or lists of strings"
}

func (v attributesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (attributesValidator) ValidateDynamic(_ context.Context, req validator.DynamicRequest, resp *validator.DynamicResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	values, known, err := attributeValues(req.ConfigValue)
	switch {
	case err != nil:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid account attributes", err.Error()+".")
	case known && len(values) == 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Empty account attributes",
			"attributes must set at least the account's native identity attribute, such as { id = \"jdoe\" }.")
	case values["sourceId"] != nil:
		resp.Diagnostics.AddAttributeError(req.Path, "sourceId in account attributes",
			"Set the source with source_id, not with attributes.sourceId.")
	}
}
