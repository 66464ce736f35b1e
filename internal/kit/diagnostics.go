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

// PlanWarnings adds to diags, as warnings, what a check against the API found wrong in a plan.
// Terraform runs the same plan before every destroy (its pre-destroy refresh) and tells the
// provider nothing of it, so an error here would block terraform destroy; the apply that follows
// runs the same check as an error, before it sends anything.
func PlanWarnings(diags *diag.Diagnostics, found diag.Diagnostics) {
	const applyFails = "\n\nterraform apply stops with this error before it sends anything. (The plan only warns: " +
		"terraform destroy runs this plan too, and must not fail on it.)"
	for _, d := range found {
		if d.Severity() != diag.SeverityError {
			diags.Append(d)
			continue
		}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			diags.AddAttributeWarning(withPath.Path(), d.Summary(), d.Detail()+applyFails)
		} else {
			diags.AddWarning(d.Summary(), d.Detail()+applyFails)
		}
	}
}
