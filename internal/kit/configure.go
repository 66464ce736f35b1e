// Package kit holds what every resource of the provider needs, once: configuration from the
// provider, timeouts, null-if-empty values, the protocol that keeps a create whose outcome is
// unknown from orphaning or duplicating an object, import ids, and the diagnostics every resource
// shows.
package kit

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Configure returns the API client a resource needs from the provider's data, *Clients: client
// reads it (see ClientOf); api names the API in errors. Before the provider is configured
// (validation), the zero C is returned.
func Configure[C any](req resource.ConfigureRequest, resp *resource.ConfigureResponse, api string, client func(*Clients) (C, error)) C {
	return configureFrom(req.ProviderData, &resp.Diagnostics, api, client)
}

// configureFrom is Configure for whatever the framework hands provider data to: a resource, a
// list resource, a data source or an action.
func configureFrom[C any](providerData any, diags *diag.Diagnostics, api string, client func(*Clients) (C, error)) C {
	var none C
	if providerData == nil {
		return none
	}
	source, ok := providerData.(*Clients)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *kit.Clients, got %T. Please report this issue to the provider developers.", providerData))
		return none
	}
	c, err := client(source)
	if err != nil {
		diags.AddError(api+" is not configured", err.Error())
		return none
	}
	return c
}
