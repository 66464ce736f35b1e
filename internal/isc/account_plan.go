package isc

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

func requireIdentityAttribute(diags *diag.Diagnostics, values map[string]any, identityAttribute string) {
	value, ok := values[identityAttribute].(string)
	if ok && value != "" {
		return
	}
	diags.AddAttributeError(path.Root("attributes"), "Missing native identity attribute",
		fmt.Sprintf("attributes must set %q to a non-empty string: it is the native identity attribute of the account "+
			"(attributes set: %s). Add it to attributes, or set native_identity_attribute to the attribute that identifies the account.",
			identityAttribute, sortedNames(values)))
}

// readIdentityAttribute sets the plan's native identity attribute from the source's account
// schema, and returns the schema; nil after reporting why it could not.
func (r *accountResource) readIdentityAttribute(ctx context.Context, plan *accountModel, diags *diag.Diagnostics) *AccountSchema {
	schema, err := r.Client.SourceAccountSchema(ctx, plan.SourceID.ValueString())
	if errors.Is(err, transport.ErrNotFound) {
		diags.AddAttributeError(path.Root("source_id"), "Unknown source",
			fmt.Sprintf("ISC has no source with id %q: set source_id to the id of the source that holds the account, not its name. %s",
				plan.SourceID.ValueString(), err))
		return nil
	}
	if err != nil && (transport.TokenFailed(err) || transport.StatusOf(err) != http.StatusForbidden) {
		// A token failure, a wire failure or an API fault: the schema advice would mislead.
		kit.APIError(diags, "Could not read the source's account schema", err, "")
		return nil
	}
	if err != nil {
		diags.AddAttributeError(path.Root("native_identity_attribute"), "Could not read the source's account schema",
			"native_identity_attribute is not set, so the provider reads it from the account schema of source "+
				plan.SourceID.ValueString()+": "+err.Error()+"\n\n"+schemaTokenKinds+". Set native_identity_attribute "+
				"to the attribute that identifies the source's accounts (on a flat file source, usually \"id\"), and no schema is read.")
		return nil
	}
	plan.NativeIdentityAttribute = types.StringValue(schema.IdentityAttribute)
	return schema
}

// warnOfUnknownAttributes names, in the plan, the attributes the source's account schema lacks,
// each with the schema's nearest attribute: a warning, not an error, since a source may take
// attributes its schema does not list (SailPoint documents no refusal of them).
func warnOfUnknownAttributes(diags *diag.Diagnostics, schema *AccountSchema, values map[string]any) {
	names := make([]string, len(schema.Attributes))
	for i, a := range schema.Attributes {
		names[i] = a.Name
	}
	for _, name := range slices.Sorted(maps.Keys(values)) {
		if slices.Contains(names, name) || len(names) == 0 {
			continue
		}
		diags.AddAttributeWarning(path.Root("attributes"), "Attribute not in the source's account schema",
			fmt.Sprintf("attributes sets %q, which the account schema of source %s does not define; did you mean %q? "+
				"The schema defines: %s. The source may still take it; if it is a typo, correct it.",
				name, schema.Name, kit.Nearest(name, names)[0], strings.Join(names, ", ")))
	}
}

// warnOfRemovedAttributes says, in the plan, which managed attributes the update removes from
// the account: after an import the state manages every attribute the account had.
func warnOfRemovedAttributes(diags *diag.Diagnostics, state accountModel, wanted map[string]any) {
	held, _, err := attributeValues(state.Attributes)
	if err != nil {
		return
	}
	if removed := removedAttributes(held, wanted); len(removed) > 0 {
		diags.AddAttributeWarning(path.Root("attributes"), "Attributes will be removed from the ISC account",
			fmt.Sprintf("The configuration no longer sets %s, which the state manages, so this apply removes them from "+
				"account %s on ISC. To keep them, add them to attributes.", strings.Join(removed, ", "), state.describe()))
	}
}

// readableSchema is the account schema of a source, or nil where the token may not read it.
func readableSchema(ctx context.Context, client *Client, sourceID string) *AccountSchema {
	schema, err := client.SourceAccountSchema(ctx, sourceID)
	if err != nil {
		tflog.Warn(ctx, "could not read the source's account schema; inferring identity attributes", map[string]any{"error": err.Error()})
	}
	return schema
}

// identityAttributeOf is the identity attribute the source's schema names, or, without the
// schema, the one inferred from the account; it is null when neither tells, and the
// configuration sets it.
func identityAttributeOf(schema *AccountSchema, account *Account) types.String {
	if schema != nil {
		return types.StringValue(schema.IdentityAttribute)
	}
	return kit.StringOrNull(inferIdentityAttribute(account))
}
