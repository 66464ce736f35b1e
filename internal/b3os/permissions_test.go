package b3os

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestUnknownPermissionsWarnListingTheKnownOnes(t *testing.T) {
	for permission, warns := range map[string]bool{
		"org:read":              false,
		"service_account:write": false,
		"worklfow:read":         true,
		"workflows":             false, // malformed: the form validator's error, not a warning
	} {
		resp := &validator.StringResponse{}
		knownPermissionValidator{}.ValidateString(t.Context(), validator.StringRequest{
			Path: path.Root("permissions"), ConfigValue: types.StringValue(permission),
		}, resp)
		if got := resp.Diagnostics.WarningsCount() == 1; got != warns || resp.Diagnostics.HasError() {
			t.Errorf("%s: diagnostics %v", permission, resp.Diagnostics)
			continue
		}
		if warns {
			detail := resp.Diagnostics.Warnings()[0].Detail()
			if !strings.Contains(detail, `"worklfow:read" is not a permission this provider knows`) || !strings.Contains(detail, strings.Join(KnownPermissions, ", ")) {
				t.Errorf("warning = %s", detail)
			}
		}
	}
}
