package poozle

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// configKeys returns the config keys the definition's specification lists for the plan's
// auth_type, or false after reporting why there are none: an unknown definition or auth type.
func (r *integrationAccountResource) configKeys(ctx context.Context, plan integrationAccountModel, diags *diag.Diagnostics) ([]string, bool) {
	definitionID, authType := plan.IntegrationDefinitionID.ValueString(), plan.AuthType.ValueString()
	spec, err := r.Client.Spec(ctx, definitionID)
	if errors.Is(err, transport.ErrNotFound) {
		diags.AddAttributeError(path.Root("integration_definition_id"), "Unknown integration definition",
			fmt.Sprintf("Poozle has no integration definition %q.%s", definitionID, r.definitionsHint(ctx, plan)))
		return nil, false
	}
	if err != nil {
		kit.APIError(diags, "Could not read the specification of integration definition "+definitionID, err, "")
		return nil, false
	}
	keys, found := spec.ConfigKeys(authType)
	if !found {
		diags.AddAttributeError(path.Root("auth_type"), "Unknown auth type",
			fmt.Sprintf("Integration definition %s has no auth type %q. Set auth_type to one of: %s.", definitionID, authType, quoted(spec.AuthTypes())))
		return nil, false
	}
	return keys, true
}

// definitionsHint says how to fix integration_definition_id, listing the definitions the
// workspace can use when Poozle tells them.
func (r *integrationAccountResource) definitionsHint(ctx context.Context, plan integrationAccountModel) string {
	const fix = " Set integration_definition_id to the id of an integration definition, not its name."
	if plan.WorkspaceID.IsUnknown() {
		return fix
	}
	definitions, err := r.Client.IntegrationDefinitions(ctx, plan.WorkspaceID.ValueString())
	if err != nil || len(definitions) == 0 {
		return fix
	}
	names := make([]string, len(definitions))
	for i, d := range definitions {
		names[i] = fmt.Sprintf("%s (%s)", d.ID, d.Name)
	}
	return " The workspace can use: " + strings.Join(names, ", ") + ". Set integration_definition_id to one of them."
}

// checkConfigKeys reports the keys a config lacks and those the specification does not list,
// naming the attribute at where. No value is ever shown.
func checkConfigKeys(diags *diag.Diagnostics, where path.Path, authType string, want, got []string) {
	var missing, unknown []string
	for _, key := range want {
		if !slices.Contains(got, key) {
			missing = append(missing, key)
		}
	}
	for _, key := range got {
		if !slices.Contains(want, key) {
			unknown = append(unknown, key)
		}
	}
	var problems []string
	if len(missing) > 0 {
		problems = append(problems, "it lacks "+quoted(missing))
	}
	if len(unknown) > 0 {
		problems = append(problems, "the specification does not define "+quoted(unknown))
	}
	if len(problems) == 0 {
		return
	}
	diags.AddAttributeError(where, "Config does not match the integration's specification",
		fmt.Sprintf("For auth type %q, %s must set exactly the keys %s: %s.", authType, where, quoted(want), strings.Join(problems, "; ")))
}

func quoted(values []string) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(out, ", ")
}
