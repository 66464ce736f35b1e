// Package kit holds what every resource of the provider needs, once: configuration from the
// provider, timeouts, null-if-empty values, the protocol that keeps a create whose outcome is
// unknown from orphaning or duplicating an object, import ids, and the diagnostics every resource
// shows.
package kit

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Configure returns the API client a resource needs from the provider's data, *Clients: client
// reads it (see ClientOf); api names the API in errors. Before the provider is configured
// (validation) the zero C is returned; while settings the API needs are unknown, the zero C and
// why, which is no error while planning, only for what needs the API (Pending.Ready).
func Configure[C any](req resource.ConfigureRequest, resp *resource.ConfigureResponse, api string, client func(*Clients) (C, error)) (C, Pending) {
	return configureFrom(req.ProviderData, &resp.Diagnostics, api, client)
}

// configureFrom is Configure for whatever the framework hands provider data to: a resource, a
// list resource, a data source, an ephemeral resource or an action.
func configureFrom[C any](providerData any, diags *diag.Diagnostics, api string, client func(*Clients) (C, error)) (C, Pending) {
	var none C
	if providerData == nil {
		return none, Pending{}
	}
	source, ok := providerData.(*Clients)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *kit.Clients, got %T. Please report this issue to the provider developers.", providerData))
		return none, Pending{}
	}
	c, err := client(source)
	var unknown *UnknownSettingsError
	switch {
	case errors.As(err, &unknown):
		return none, Pending{unknown}
	case err != nil:
		diags.AddError(api+" is not configured", err.Error())
	}
	return c, Pending{}
}

// Pending is why an API's client is not there although the provider is configured: settings
// the API needs are known only after apply. The zero Pending is nothing pending.
type Pending struct {
	unknown *UnknownSettingsError
}

// Ready tells whether the API's client is there for an operation that needs it; while settings
// the API needs are unknown it adds the error naming them. Before the provider is configured
// (validation) nothing needs the API, and Ready is true.
func (p Pending) Ready(diags *diag.Diagnostics) bool {
	if p.unknown != nil {
		diags.AddError("Unknown provider setting "+strings.Join(p.unknown.Settings, ", "), p.unknown.Error())
		return false
	}
	return true
}
