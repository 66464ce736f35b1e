package kit

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// SplitImportID splits an import id of n colon-separated parts, such as
// "<source_id>:<native_identity>". The last part may itself hold colons. ok is false when id
// does not have that form or a part is empty.
func SplitImportID(id string, n int) (parts []string, ok bool) {
	parts = strings.SplitN(id, ":", n)
	if len(parts) != n {
		return nil, false
	}
	for _, part := range parts {
		if part == "" {
			return nil, false
		}
	}
	return parts, true
}

// InvalidImportID reports an import id of none of the accepted forms.
func InvalidImportID(diags *diag.Diagnostics, id string, forms ...string) {
	diags.AddError("Invalid import id", fmt.Sprintf("Expected %s, got %q.", strings.Join(forms, " or "), id))
}
