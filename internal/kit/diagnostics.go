package kit

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// APIError reports a failed call: what failed (summary), the vendor's message, status and request
// id (err, usually a transport.APIError), and what to do about it (remedy, may be empty).
func APIError(diags *diag.Diagnostics, summary string, err error, remedy string) {
	detail := err.Error()
	if remedy != "" {
		detail += "\n\n" + remedy
	}
	diags.AddError(summary, detail)
}

// AlreadyExists refuses to create what the API already holds, and says how to manage the
// existing object with Terraform instead. The framework does not tell a resource its address,
// so the hint names it <name>.
func AlreadyExists(diags *diag.Diagnostics, typeName, noun, id, detail string) {
	diags.AddError("The "+noun+" already exists", fmt.Sprintf("%s\n\nTo manage it with Terraform, import it:\n\n"+
		"  terraform import %s.<name> %s\n\nor with an import block:\n\n  import {\n    to = %s.<name>\n    id = %q\n  }",
		detail, typeName, id, typeName, id))
}
