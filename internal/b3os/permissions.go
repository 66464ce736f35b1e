package b3os

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// KnownPermissions are the permission strings B3OS documents: those its MCP setup grants service
// accounts (setup.ts MCP_SA_PERMISSIONS), and the two that setup needs of its caller. B3OS may
// know more; others get a warning, not an error.
var KnownPermissions = []string{
	"action:read",
	"action_proxy:execute",
	"ai:chat",
	"apikey:create",
	"apikey:read",
	"connector:read",
	"database:read",
	"execution:read",
	"execution:stream",
	"org:read",
	"run:cancel",
	"run:read",
	"run:stream",
	"service_account:write",
	"workflow:create",
	"workflow:delete",
	"workflow:execute",
	"workflow:publish",
	"workflow:read",
	"workflow:update",
}

// permissionForm is B3OS's resource:action form of a permission.
var permissionForm = regexp.MustCompile(`^[a-z][a-z_]*:[a-z][a-z_]*$`)

// permissionFormValidator fails a permission not of the form resource:action at plan time.
var permissionFormValidator = stringvalidator.RegexMatches(permissionForm,
	"must have the form resource:action in lower case, such as \"org:read\" or \"workflow:execute\"")

// knownPermissionValidator warns about a permission the provider does not know, so that a typo
// ("worklfow:read") shows at plan time although B3OS may accept permissions added since.
type knownPermissionValidator struct{}

var _ validator.String = knownPermissionValidator{}

func (knownPermissionValidator) Description(context.Context) string {
	return "warns about a permission that is not one of the known ones"
}

func (v knownPermissionValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (knownPermissionValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	permission := req.ConfigValue.ValueString()
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || !permissionForm.MatchString(permission) || slices.Contains(KnownPermissions, permission) {
		return
	}
	resp.Diagnostics.AddAttributeWarning(req.Path, "Unknown B3OS permission",
		fmt.Sprintf("%q is not a permission this provider knows, so B3OS may refuse it; check its spelling. Known permissions: %s.",
			permission, strings.Join(KnownPermissions, ", ")))
}

// permissionsDescription lists the known permissions in the documentation.
func permissionsDescription() string {
	return "Permissions granted to the service account, each of the form `resource:action`. Known permissions: `" +
		strings.Join(KnownPermissions, "`, `") + "`. Another well-formed permission gets a warning, since B3OS may not know it."
}
