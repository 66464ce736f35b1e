package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Where Terraform allows deferral (Stacks), a provider setting known only after apply defers the
// provider's plan rather than failing what needs the API; with every setting known, or where
// Terraform does not allow deferral, nothing is deferred.
func TestConfigureDefersWhileASettingIsUnknownWhereTerraformAllows(t *testing.T) {
	p := New("test")()
	var schemaResp provider.SchemaResponse
	p.Schema(t.Context(), provider.SchemaRequest{}, &schemaResp)
	objectType, _ := schemaResp.Schema.Type().TerraformType(t.Context()).(tftypes.Object)
	iscType, _ := objectType.AttributeTypes["isc"].(tftypes.Object)
	configure := func(clientSecret tftypes.Value, deferralAllowed bool) provider.ConfigureResponse {
		values := nulls(objectType)
		isc := nulls(iscType)
		isc["client_secret"] = clientSecret
		values["isc"] = tftypes.NewValue(iscType, isc)
		var resp provider.ConfigureResponse
		p.Configure(t.Context(), provider.ConfigureRequest{
			Config:             tfsdk.Config{Raw: tftypes.NewValue(objectType, values), Schema: schemaResp.Schema},
			ClientCapabilities: provider.ConfigureProviderClientCapabilities{DeferralAllowed: deferralAllowed},
		}, &resp)
		return resp
	}
	unknown := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	if resp := configure(unknown, true); resp.Diagnostics.HasError() || resp.Deferred == nil ||
		resp.Deferred.Reason != provider.DeferredReasonProviderConfigUnknown {
		t.Errorf("isc.client_secret unknown, deferral allowed: deferred %+v, diagnostics %v; want deferred", resp.Deferred, resp.Diagnostics)
	}
	for _, tc := range []struct {
		secret   tftypes.Value
		deferral bool
	}{{unknown, false}, {tftypes.NewValue(tftypes.String, "secret"), true}} {
		if resp := configure(tc.secret, tc.deferral); resp.Diagnostics.HasError() || resp.Deferred != nil || resp.ResourceData == nil {
			t.Errorf("isc.client_secret %v, deferral allowed %v: deferred %+v, diagnostics %v; want configured clients",
				tc.secret, tc.deferral, resp.Deferred, resp.Diagnostics)
		}
	}
}

func nulls(object tftypes.Object) map[string]tftypes.Value {
	values := map[string]tftypes.Value{}
	for name, typ := range object.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
	}
	return values
}
