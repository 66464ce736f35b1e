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

// IDIdentity is the identity of an object its id alone names, as a list result carries it.
type IDIdentity struct {
	ID types.String `tfsdk:"id"`
}

// IDIdentitySchema is the identity schema of an object its id alone names.
func IDIdentitySchema(description string) identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{"id": IdentityAttribute(description)}}
}

// IdentityFromState sets a resource's identity from its state: each identity attribute is the
// string state attribute of the same name, from the first of states that holds the object.
// Resources defer it in Create, Read and Update, so that every answer carries the identity; Read
// passes its prior state too, since Terraform wants the identity of an object that Read found
// gone and removed. It does nothing where Terraform has no identity (before 1.12).
func IdentityFromState(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics, states ...*tfsdk.State) {
	IdentityFromStateNamed(ctx, identity, diags, nil, states...)
}

// IdentityFromStateNamed is IdentityFromState for an identity some of whose attributes have
// other names in state: stateNames maps such an identity attribute to the state attribute that
// holds it, such as "account_id" to "id".
func IdentityFromStateNamed(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics, stateNames map[string]string, states ...*tfsdk.State) {
	if identity == nil {
		return
	}
	for _, state := range states {
		if state.Raw.IsNull() {
			continue
		}
		for name := range identity.Schema.GetAttributes() {
			stateName, renamed := stateNames[name]
			if !renamed {
				stateName = name
			}
			var value types.String
			diags.Append(state.GetAttribute(ctx, path.Root(stateName), &value)...)
			diags.Append(identity.SetAttribute(ctx, path.Root(name), value)...)
		}
		return
	}
}
