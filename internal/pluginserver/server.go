// Package pluginserver serves the provider to Terraform over plugin protocol 6: the framework's
// server, wrapped so that a call's context does not outlive the call, and so that no secret the
// provider knows reaches a diagnostic or a root-logger line (maskingServer).
//
// terraform-plugin-framework v1.19.0 (internal/proto6server, registerContext) derives a
// context.WithCancel from every call's context and keeps its cancel function until StopProvider,
// which Terraform sends only on an interrupt. Each one retains the call's context with
// terraform-plugin-go's per-call loggers, 10-30 KiB, for as long as the provider process lives:
// a refresh of 1,000 resources grew the process by tens of MiB. The wrapper hands the framework a
// context that lets go of the call's context when the call returns (callContext).
//
// When a framework release keeps no cancel function past its call (TestFrameworkRetainsCallContext
// fails and says so), drop releasingServer and wrap providerserver.NewProtocol6(p) in
// maskingServer alone.
package pluginserver

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Serve serves p to Terraform under address until Terraform stops the process; with debug, in
// the managed debug mode that prints TF_REATTACH_PROVIDERS.
func Serve(address string, p provider.Provider, debug bool) error {
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, New(p), opts...)
}

// New returns the factory of p's protocol 6 server, as providerserver.NewProtocol6 does.
func New(p provider.Provider) func() tfprotov6.ProviderServer {
	newFramework := providerserver.NewProtocol6(p)
	return func() tfprotov6.ProviderServer {
		framework := newFramework()
		server, ok := framework.(frameworkServer)
		if !ok {
			panic(fmt.Sprintf("pluginserver: %T no longer serves list resources, actions and state stores", framework))
		}
		return maskingServer{inner: releasingServer{server}}
	}
}

// frameworkServer is every call the framework serves: terraform-plugin-go finds the list,
// action and state store calls by type assertion, so the wrapper must keep them.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// releasingServer releases the context of each call Terraform makes once per resource or list
// block. The calls made once per process (schema, provider configuration) are few and keep the
// framework's own handling, as do the streaming calls (ListResource, InvokeAction,
// ReadStateBytes), whose results are produced after the method returns.
type releasingServer struct {
	frameworkServer
}

// released calls the framework with a context that forgets ctx when the call returns.
func released[Req, Resp any](ctx context.Context, req Req, call func(context.Context, Req) (Resp, error)) (Resp, error) {
	detached, release := detach(ctx)
	defer release()
	return call(detached, req)
}

func (s releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return released(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return released(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s releasingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return released(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return released(ctx, req, s.frameworkServer.ReadResource)
}

func (s releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return released(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return released(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return released(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s releasingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return released(ctx, req, s.frameworkServer.MoveResourceState)
}

func (s releasingServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return released(ctx, req, s.frameworkServer.GenerateResourceConfig)
}

func (s releasingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return released(ctx, req, s.frameworkServer.ValidateListResourceConfig)
}
