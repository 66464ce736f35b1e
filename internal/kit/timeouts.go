package kit

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// DefaultTimeout bounds an operation whose configuration sets no timeout.
const DefaultTimeout = 10 * time.Minute

// ReadTimeout bounds a refresh, a plan's own reads and an import, which have no timeouts
// attribute: without a deadline, an API that keeps asking to retry later holds Terraform.
const ReadTimeout = 5 * time.Minute

// ListTimeout bounds a list resource's listing, which may read many pages.
const ListTimeout = 30 * time.Minute

// WithReadTimeout bounds a read-only operation by ReadTimeout.
func WithReadTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, ReadTimeout)
}

// TimeoutsAttribute is the `timeouts` attribute of create, update and delete. Its durations are
// checked by PositiveDuration, whose error names the attribute (the library's does not).
func TimeoutsAttribute(ctx context.Context, description string) schema.Attribute {
	attribute, _ := timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}).(schema.SingleNestedAttribute)
	attribute.MarkdownDescription = description
	for name, nested := range attribute.Attributes {
		if duration, ok := nested.(schema.StringAttribute); ok {
			duration.Validators = []validator.String{PositiveDuration("Invalid timeout")}
			attribute.Attributes[name] = duration
		}
	}
	return attribute
}

// PositiveDuration rejects, at plan time, a value that is not a positive Go duration, with an
// error of that summary naming the attribute.
func PositiveDuration(summary string) validator.String { return durationValidator{summary: summary} }

type durationValidator struct{ summary string }

func (durationValidator) Description(context.Context) string {
	return `must be a positive duration such as "30s", "10m" or "1h30m" (units "ns", "us", "ms", "s", "m", "h")`
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v durationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary,
			fmt.Sprintf("%s %s; got %s.", req.Path, v.Description(ctx), req.ConfigValue))
	}
}

// WithTimeout bounds an operation by its configured timeout, such as plan.Timeouts.Create, or by
// DefaultTimeout.
func WithTimeout(ctx context.Context, configured func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	timeout, problems := configured(ctx, DefaultTimeout)
	diags.Append(problems...)
	return context.WithTimeout(ctx, timeout)
}
