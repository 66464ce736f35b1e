// Package kit holds what every resource of the provider needs, once: configuration from the
// provider, timeouts, null-if-empty values, the protocol that keeps a create whose outcome is
// unknown from orphaning or duplicating an object, import ids, and the diagnostics every resource
// shows.
package kit

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Configure returns the API client a resource needs from the provider's data, *Clients: client
// reads it (see ClientOf); api names the API in errors. Before the provider is configured
// (validation) the zero C is returned; while settings the API needs are unknown, the zero C and
// the *UnknownSettingsError, which is no error while planning, only for what needs the API
// (Named.Ready).
func Configure[C any](req resource.ConfigureRequest, resp *resource.ConfigureResponse, api string, client func(*Clients) (C, error)) (C, *UnknownSettingsError) {
	var none C
	if req.ProviderData == nil {
		return none, nil
	}
	source, ok := req.ProviderData.(*Clients)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *kit.Clients, got %T. Please report this issue to the provider developers.", req.ProviderData))
		return none, nil
	}
	c, err := client(source)
	var unknown *UnknownSettingsError
	switch {
	case errors.As(err, &unknown):
		return none, unknown
	case err != nil:
		resp.Diagnostics.AddError(api+" is not configured", err.Error())
	}
	return c, nil
}
