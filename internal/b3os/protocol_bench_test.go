package b3os_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/pluginserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/provider"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

// BenchmarkProtocol drives the provider's protocol server in-process, call by call, as Terraform
// does for one service account in each phase, so that the provider's own CPU and allocations per
// call show apart from Terraform's, the network and the fake server's latency (none here).
func BenchmarkProtocol(b *testing.B) {
	// As the provider runs when Terraform does not log (main.go): the benchmark measures the work
	// every run pays, not logging.
	for _, name := range []string{transport.LogLevelEnv, "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		b.Setenv(name, "OFF")
	}
	h := newProtocolHarness(b)
	b.Run("GetProviderSchema", func(b *testing.B) {
		for range b.N {
			h.call(b, func(ctx context.Context) ([]*tfprotov6.Diagnostic, error) {
				return diagnostics(h.server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}))
			})
		}
	})
	b.Run("ValidateResourceConfig", func(b *testing.B) {
		config := h.dynamic(b, h.config("validate"))
		for range b.N {
			h.call(b, func(ctx context.Context) ([]*tfprotov6.Diagnostic, error) {
				return diagnostics(h.server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: benchType, Config: config}))
			})
		}
	})
	b.Run("PlanCreate", func(b *testing.B) {
		config := h.dynamic(b, h.config("plan"))
		for range b.N {
			h.planCreate(b, config)
		}
	})
	var states []*tfprotov6.DynamicValue
	b.Run("ApplyCreate", func(b *testing.B) {
		states = states[:0]
		for i := range b.N {
			b.StopTimer()
			config := h.dynamic(b, h.config(fmt.Sprintf("bench-%d-%d", b.N, i)))
			planned := h.planCreate(b, config)
			b.StartTimer()
			states = append(states, h.applyCreate(b, config, planned))
		}
	})
	b.Run("UpgradeResourceState", func(b *testing.B) {
		raw := h.stateJSON(b, states[0])
		for range b.N {
			h.call(b, func(ctx context.Context) ([]*tfprotov6.Diagnostic, error) {
				return diagnostics(h.server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: benchType, RawState: &tfprotov6.RawState{JSON: raw}}))
			})
		}
	})
	b.Run("ReadResource", func(b *testing.B) {
		for i := range b.N {
			h.call(b, func(ctx context.Context) ([]*tfprotov6.Diagnostic, error) {
				return diagnostics(h.server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: benchType, CurrentState: states[i%len(states)]}))
			})
		}
	})
	b.Run("PlanDestroy", func(b *testing.B) {
		null := h.dynamic(b, tftypes.NewValue(h.resourceType, nil))
		for i := range b.N {
			h.call(b, func(ctx context.Context) ([]*tfprotov6.Diagnostic, error) {
				return diagnostics(h.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
					TypeName: benchType, PriorState: states[i%len(states)], ProposedNewState: null, Config: null,
				}))
			})
		}
	})
	b.Run("ApplyDestroy", func(b *testing.B) {
		null := h.dynamic(b, tftypes.NewValue(h.resourceType, nil))
		for i := range b.N {
			b.StopTimer()
			config := h.dynamic(b, h.config(fmt.Sprintf("gone-%d-%d", b.N, i)))
			state := h.applyCreate(b, config, h.planCreate(b, config))
			b.StartTimer()
			h.call(b, func(ctx context.Context) ([]*tfprotov6.Diagnostic, error) {
				return diagnostics(h.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
					TypeName: benchType, PriorState: state, PlannedState: null, Config: null,
				}))
			})
		}
	})
}

const benchType = "accounts_b3os_service_account"

type protocolHarness struct {
	server       tfprotov6.ProviderServer
	resourceType tftypes.Object
}

func newProtocolHarness(b *testing.B) *protocolHarness {
	b.Helper()
	fake := fakeserver.New()
	fake.ConfigureB3OS(func(s *fakeserver.B3OSSettings) { s.RateLimit = 0 })
	listener := httptest.NewServer(fake)
	b.Cleanup(listener.Close)
	h := &protocolHarness{server: pluginserver.New(provider.New("test")())()} // as the binary serves it
	schemas, err := h.server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	h.resourceType, _ = schemas.ResourceSchemas[benchType].ValueType().(tftypes.Object)
	providerType, _ := schemas.Provider.ValueType().(tftypes.Object)
	settings := map[string]string{"endpoint": fakeserver.APIURL(listener.URL, fakeserver.APIB3OS), "api_key": fakeserver.B3OSAPIKey,
		"organization_id": fakeserver.B3OSOrganizationID}
	block, _ := providerType.AttributeTypes["b3os"].(tftypes.Object)
	b3os := nullAttributes(block)
	for name := range block.AttributeTypes {
		if value, ok := settings[name]; ok {
			b3os[name] = tftypes.NewValue(tftypes.String, value)
		}
	}
	b3os["rate_limit"] = tftypes.NewValue(tftypes.Number, big.NewFloat(0)) // the benchmark measures CPU, not rate limits
	config := nullAttributes(providerType)
	config["b3os"] = tftypes.NewValue(block, b3os)
	h.call(b, func(ctx context.Context) ([]*tfprotov6.Diagnostic, error) {
		return diagnostics(h.server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
			TerraformVersion: "1.11.4", Config: h.dynamic(b, tftypes.NewValue(providerType, config)),
		}))
	})
	return h
}

func nullAttributes(object tftypes.Object) map[string]tftypes.Value {
	values := map[string]tftypes.Value{}
	for name, typ := range object.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
	}
	return values
}

// config is a resource's configuration as the bench scenario writes it.
func (h *protocolHarness) config(name string) tftypes.Value {
	values := nullAttributes(h.resourceType)
	values["name"] = tftypes.NewValue(tftypes.String, name)
	values["permissions"] = tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "workflow:read")})
	return tftypes.NewValue(h.resourceType, values)
}

func (h *protocolHarness) dynamic(b *testing.B, value tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	dynamic, err := tfprotov6.NewDynamicValue(value.Type(), value)
	if err != nil {
		b.Fatal(err)
	}
	return &dynamic
}

// planCreate plans a create: with no prior state, Terraform proposes the configuration.
func (h *protocolHarness) planCreate(b *testing.B, config *tfprotov6.DynamicValue) *tfprotov6.DynamicValue {
	b.Helper()
	null := h.dynamic(b, tftypes.NewValue(h.resourceType, nil))
	var planned *tfprotov6.DynamicValue
	h.call(b, func(ctx context.Context) ([]*tfprotov6.Diagnostic, error) {
		resp, err := h.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: benchType, PriorState: null, ProposedNewState: config, Config: config,
		})
		if resp != nil {
			planned = resp.PlannedState
		}
		return diagnostics(resp, err)
	})
	return planned
}

func (h *protocolHarness) applyCreate(b *testing.B, config, planned *tfprotov6.DynamicValue) *tfprotov6.DynamicValue {
	b.Helper()
	null := h.dynamic(b, tftypes.NewValue(h.resourceType, nil))
	var state *tfprotov6.DynamicValue
	h.call(b, func(ctx context.Context) ([]*tfprotov6.Diagnostic, error) {
		resp, err := h.server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: benchType, PriorState: null, PlannedState: planned, Config: config,
		})
		if resp != nil {
			state = resp.NewState
		}
		return diagnostics(resp, err)
	})
	return state
}

// stateJSON is a state as Terraform stores it, for UpgradeResourceState.
func (h *protocolHarness) stateJSON(b *testing.B, state *tfprotov6.DynamicValue) []byte {
	b.Helper()
	value, err := state.Unmarshal(h.resourceType)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := json.Marshal(plain(value))
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

// plain converts a value of the resource's types to what encoding/json writes as Terraform does.
func plain(value tftypes.Value) any {
	if value.IsNull() {
		return nil
	}
	switch {
	case value.Type().Is(tftypes.String):
		var s string
		_ = value.As(&s)
		return s
	case value.Type().Is(tftypes.Bool):
		var v bool
		_ = value.As(&v)
		return v
	case value.Type().Is(tftypes.Set{}):
		var elements []tftypes.Value
		_ = value.As(&elements)
		out := []any{}
		for _, e := range elements {
			out = append(out, plain(e))
		}
		return out
	}
	var attributes map[string]tftypes.Value
	_ = value.As(&attributes)
	out := map[string]any{}
	for name, v := range attributes {
		out[name] = plain(v)
	}
	return out
}

// call runs one RPC and fails on an error or an error diagnostic.
func (h *protocolHarness) call(b *testing.B, rpc func(context.Context) ([]*tfprotov6.Diagnostic, error)) {
	b.Helper()
	diags, err := rpc(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			b.Fatalf("%s: %s", d.Summary, d.Detail)
		}
	}
}

// diagnostics are the Diagnostics of any response.
func diagnostics[R any](resp *R, err error) ([]*tfprotov6.Diagnostic, error) {
	if err != nil || resp == nil {
		return nil, err
	}
	diags, _ := reflect.ValueOf(resp).Elem().FieldByName("Diagnostics").Interface().([]*tfprotov6.Diagnostic)
	return diags, nil
}
