package kit

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// DefaultTimeout bounds an operation whose configuration sets no timeout.
const DefaultTimeout = 10 * time.Minute

// TimeoutsAttribute is the `timeouts` attribute of create, update and delete.
func TimeoutsAttribute(ctx context.Context, description string) schema.Attribute {
	attribute, _ := timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true, Delete: true}).(schema.SingleNestedAttribute)
	attribute.MarkdownDescription = description
	return attribute
}

// WithTimeout bounds an operation by its configured timeout, such as plan.Timeouts.Create, or by
// DefaultTimeout.
func WithTimeout(ctx context.Context, configured func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	timeout, problems := configured(ctx, DefaultTimeout)
	diags.Append(problems...)
	return context.WithTimeout(ctx, timeout)
}
