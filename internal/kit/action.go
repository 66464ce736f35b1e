package kit

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// ConfigureAction returns the API client an action needs, and what is pending, as Configure does
// for a resource.
func ConfigureAction[C any](req action.ConfigureRequest, resp *action.ConfigureResponse, api string, client func(*Clients) (C, error)) (C, Pending) {
	return configureFrom(req.ProviderData, &resp.Diagnostics, api, client)
}

// ActionTimeoutsAttribute is the `timeouts` attribute of an action: how long an invocation may
// wait. Its duration is checked at plan time as the resources' are.
func ActionTimeoutsAttribute(ctx context.Context, description string) schema.Attribute {
	attribute, _ := timeouts.Attributes(ctx).(schema.SingleNestedAttribute)
	attribute.MarkdownDescription = description
	for name, nested := range attribute.Attributes {
		if duration, ok := nested.(schema.StringAttribute); ok {
			duration.Validators = []validator.String{durationValidator{}}
			duration.MarkdownDescription = "How long the invocation may take, such as `30m`. Defaults to 10 minutes."
			attribute.Attributes[name] = duration
		}
	}
	return attribute
}
