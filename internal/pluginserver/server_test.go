package pluginserver

import (
	"context"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// blockingProvider serves one resource, test_thing, whose Read reports its context and waits for
// it to end.
type blockingProvider struct {
	reading chan context.Context
}

func (p blockingProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "test"
}

func (p blockingProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p blockingProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p blockingProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (p blockingProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return blockingResource(p) }}
}

type blockingResource blockingProvider

func (r blockingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_thing"
}

func (r blockingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{"id": schema.StringAttribute{Computed: true}}}
}

func (r blockingResource) Read(ctx context.Context, _ resource.ReadRequest, _ *resource.ReadResponse) {
	r.reading <- ctx
	<-ctx.Done()
}

func (r blockingResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (r blockingResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (r blockingResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func newBlockingServer() (tfprotov6.ProviderServer, chan context.Context) {
	reading := make(chan context.Context)
	return New(blockingProvider{reading: reading})(), reading
}

// probe is what a call's context carries; big enough not to share an allocation with anything.
type probe struct{ _ [64]byte }

type probeKey struct{}

// callCarrying makes one call through call with a context carrying a probe, ended once the call
// returns as gRPC ends it, and returns a weak pointer to the probe.
func callCarrying(call func(context.Context)) weak.Pointer[probe] {
	value := &probe{}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), probeKey{}, value))
	call(ctx)
	cancel()
	return weak.Make(value)
}

func collected(p weak.Pointer[probe]) bool {
	runtime.GC()
	return p.Value() == nil
}

// ignoring makes call with req, for a test that looks only at what it keeps.
func ignoring[Req, Resp any](call func(context.Context, Req) (Resp, error), req Req) func(context.Context) {
	return func(ctx context.Context) { _, _ = call(ctx, req) }
}

// The calls made once per resource give up their context when they return. The type name is
// unknown: the framework keeps the context before it looks the type up.
func TestReleasedCallsRetainNoCallContext(t *testing.T) {
	server := New(blockingProvider{})()
	lists, ok := server.(tfprotov6.ListResourceServer)
	if !ok {
		t.Fatal("the server does not serve list resources")
	}
	calls := map[string]func(context.Context){
		"ValidateResourceConfig":     ignoring(server.ValidateResourceConfig, &tfprotov6.ValidateResourceConfigRequest{TypeName: "test_none"}),
		"UpgradeResourceState":       ignoring(server.UpgradeResourceState, &tfprotov6.UpgradeResourceStateRequest{TypeName: "test_none"}),
		"UpgradeResourceIdentity":    ignoring(server.UpgradeResourceIdentity, &tfprotov6.UpgradeResourceIdentityRequest{TypeName: "test_none"}),
		"ReadResource":               ignoring(server.ReadResource, &tfprotov6.ReadResourceRequest{TypeName: "test_none"}),
		"PlanResourceChange":         ignoring(server.PlanResourceChange, &tfprotov6.PlanResourceChangeRequest{TypeName: "test_none"}),
		"ApplyResourceChange":        ignoring(server.ApplyResourceChange, &tfprotov6.ApplyResourceChangeRequest{TypeName: "test_none"}),
		"ImportResourceState":        ignoring(server.ImportResourceState, &tfprotov6.ImportResourceStateRequest{TypeName: "test_none"}),
		"MoveResourceState":          ignoring(server.MoveResourceState, &tfprotov6.MoveResourceStateRequest{TargetTypeName: "test_none"}),
		"GenerateResourceConfig":     ignoring(server.GenerateResourceConfig, &tfprotov6.GenerateResourceConfigRequest{TypeName: "test_none"}),
		"ValidateListResourceConfig": ignoring(lists.ValidateListResourceConfig, &tfprotov6.ValidateListResourceConfigRequest{TypeName: "test_none"}),
	}
	for name, call := range calls {
		if !collected(callCarrying(call)) {
			t.Errorf("after %s returned, its context is still held", name)
		}
	}
	runtime.KeepAlive(server)
}

// The framework alone keeps the call's context: this is what the test above can catch.
func TestFrameworkRetainsCallContext(t *testing.T) {
	server := providerserver.NewProtocol6(blockingProvider{})()
	held := callCarrying(ignoring(server.ReadResource, &tfprotov6.ReadResourceRequest{TypeName: "test_none"}))
	if collected(held) {
		t.Fatal("terraform-plugin-framework no longer keeps a call's context after the call: " +
			"serve providerserver.NewProtocol6 directly and delete internal/pluginserver (see its package comment)")
	}
	runtime.KeepAlive(server)
}

func thingState(t *testing.T) *tfprotov6.DynamicValue {
	t.Helper()
	objectType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
	state, err := tfprotov6.NewDynamicValue(objectType, tftypes.NewValue(objectType, map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, "a"),
	}))
	if err != nil {
		t.Fatal(err)
	}
	return &state
}

// readUntilCanceled starts a ReadResource of test_thing under call, lets stop end it, and fails
// unless the resource's context ends. Read sees the call's values while it runs.
func readUntilCanceled(t *testing.T, call context.Context, stop func(tfprotov6.ProviderServer)) {
	server, reading := newBlockingServer()
	read := &tfprotov6.ReadResourceRequest{TypeName: "test_thing", CurrentState: thingState(t)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = server.ReadResource(call, read)
	}()
	ctx := <-reading
	if ctx.Value(probeKey{}) == nil {
		t.Error("Read does not see the call's values")
	}
	stop(server)
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("the read was not canceled")
	}
}

// Terraform's interrupt (StopProvider) still cancels the calls in flight.
func TestStopProviderCancelsCallsInFlight(t *testing.T) {
	call := context.WithValue(context.Background(), probeKey{}, &probe{})
	readUntilCanceled(t, call, func(server tfprotov6.ProviderServer) {
		_, _ = server.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{})
	})
}

// A call Terraform cancels ends the resource's context too.
func TestCanceledCallCancelsResource(t *testing.T) {
	call, cancel := context.WithCancel(context.WithValue(context.Background(), probeKey{}, &probe{}))
	readUntilCanceled(t, call, func(tfprotov6.ProviderServer) { cancel() })
}
