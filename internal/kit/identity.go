package kit

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// IdentityAttribute is a string attribute of a resource identity (Terraform 1.12 and later),
// required in import blocks that import by identity.
func IdentityAttribute(description string) identityschema.StringAttribute {
	return identityschema.StringAttribute{RequiredForImport: true, Description: description}
}

// IdentityFromState sets a resource's identity from its state: each identity attribute is the
// string state attribute of the same name. Resources defer it in Create, Read and Update, so
// that every answer that leaves the object in state carries its identity. It does nothing where
// Terraform has no identity (before 1.12) or the object left state.
func IdentityFromState(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil || state.Raw.IsNull() {
		return
	}
	for name := range identity.Schema.GetAttributes() {
		var value types.String
		diags.Append(state.GetAttribute(ctx, path.Root(name), &value)...)
		diags.Append(identity.SetAttribute(ctx, path.Root(name), value)...)
	}
}
