package pluginserver

import (
	"context"
	"iter"
	"reflect"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
)

// maskingServer masks, by value, every secret the provider has learned (redact.Secrets) in what
// reaches the user: the diagnostics of every response and stream, and each line the call logs
// through the root logger. A vendor may repeat a password or a token in any error message, and
// a resource cannot know which of its diagnostics quote one. Control characters that vendor text
// may carry are stripped from diagnostics as well.
//
// It holds the inner server as a field, not embedded, so that the compiler requires a method
// for every call: a call added to the protocol cannot bypass the masking unnoticed.
type maskingServer struct {
	inner frameworkServer
}

var _ frameworkServer = maskingServer{}

// masked makes call with root-logger masks for the secrets known so far, and scrubs the
// diagnostics of its response, which may hold secrets learned during the call.
func masked[Req, Resp any](ctx context.Context, req Req, call func(context.Context, Req) (Resp, error)) (Resp, error) {
	resp, err := call(redact.MaskLogs(ctx), req)
	scrub(resp)
	return resp, err
}

var diagnosticsType = reflect.TypeFor[[]*tfprotov6.Diagnostic]()

// scrub masks the diagnostics of a response: the field Diagnostics that every response of the
// protocol with diagnostics has, and the error texts of the two responses that have none.
func scrub(resp any) {
	switch r := resp.(type) {
	case *tfprotov6.CallFunctionResponse:
		if r != nil && r.Error != nil {
			r.Error.Text = redact.Text(r.Error.Text)
		}
		return
	case *tfprotov6.StopProviderResponse:
		if r != nil {
			r.Error = redact.Text(r.Error)
		}
		return
	}
	v := reflect.ValueOf(resp)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return
	}
	if field := v.Elem().FieldByName("Diagnostics"); field.IsValid() {
		if diags, ok := field.Interface().([]*tfprotov6.Diagnostic); ok {
			scrubDiagnostics(diags)
		}
	}
}

func scrubDiagnostics(diags []*tfprotov6.Diagnostic) {
	for _, d := range diags {
		if d != nil {
			d.Summary, d.Detail = redact.Text(d.Summary), redact.Text(d.Detail)
		}
	}
}

// scrubbing returns seq with clean applied to each element as it is produced: the secrets an
// element may quote can be learned while the stream runs.
func scrubbing[T any](seq iter.Seq[T], clean func(*T)) iter.Seq[T] {
	if seq == nil {
		return nil
	}
	return func(yield func(T) bool) {
		for item := range seq {
			clean(&item)
			if !yield(item) {
				return
			}
		}
	}
}

// streamed makes a streaming call as masked does, and scrubs each element of its stream.
func streamed[Req, Stream any](ctx context.Context, req Req, call func(context.Context, Req) (*Stream, error), scrub func(*Stream)) (*Stream, error) {
	stream, err := call(redact.MaskLogs(ctx), req)
	if stream != nil {
		scrub(stream)
	}
	return stream, err
}

func (s maskingServer) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	return streamed(ctx, req, s.inner.ListResource, func(stream *tfprotov6.ListResourceServerStream) {
		stream.Results = scrubbing(stream.Results, func(r *tfprotov6.ListResourceResult) { scrubDiagnostics(r.Diagnostics) })
	})
}

func (s maskingServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return streamed(ctx, req, s.inner.InvokeAction, func(stream *tfprotov6.InvokeActionServerStream) {
		stream.Events = scrubbing(stream.Events, scrubEvent)
	})
}

func scrubEvent(e *tfprotov6.InvokeActionEvent) {
	switch t := e.Type.(type) {
	case tfprotov6.ProgressInvokeActionEventType:
		t.Message = redact.Text(t.Message)
		e.Type = t
	case tfprotov6.CompletedInvokeActionEventType:
		scrubDiagnostics(t.Diagnostics)
	}
}

func (s maskingServer) ReadStateBytes(ctx context.Context, req *tfprotov6.ReadStateBytesRequest) (*tfprotov6.ReadStateBytesStream, error) {
	return streamed(ctx, req, s.inner.ReadStateBytes, func(stream *tfprotov6.ReadStateBytesStream) {
		stream.Chunks = scrubbing(stream.Chunks, func(c *tfprotov6.ReadStateByteChunk) { scrubDiagnostics(c.Diagnostics) })
	})
}

func (s maskingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return masked(ctx, req, s.inner.ApplyResourceChange)
}

func (s maskingServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return masked(ctx, req, s.inner.CallFunction)
}

func (s maskingServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return masked(ctx, req, s.inner.CloseEphemeralResource)
}

func (s maskingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return masked(ctx, req, s.inner.ConfigureProvider)
}

func (s maskingServer) ConfigureStateStore(ctx context.Context, req *tfprotov6.ConfigureStateStoreRequest) (*tfprotov6.ConfigureStateStoreResponse, error) {
	return masked(ctx, req, s.inner.ConfigureStateStore)
}

func (s maskingServer) DeleteState(ctx context.Context, req *tfprotov6.DeleteStateRequest) (*tfprotov6.DeleteStateResponse, error) {
	return masked(ctx, req, s.inner.DeleteState)
}

func (s maskingServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return masked(ctx, req, s.inner.GenerateResourceConfig)
}

func (s maskingServer) GetFunctions(ctx context.Context, req *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return masked(ctx, req, s.inner.GetFunctions)
}

func (s maskingServer) GetMetadata(ctx context.Context, req *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return masked(ctx, req, s.inner.GetMetadata)
}

func (s maskingServer) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return masked(ctx, req, s.inner.GetProviderSchema)
}

func (s maskingServer) GetResourceIdentitySchemas(ctx context.Context, req *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return masked(ctx, req, s.inner.GetResourceIdentitySchemas)
}

func (s maskingServer) GetStates(ctx context.Context, req *tfprotov6.GetStatesRequest) (*tfprotov6.GetStatesResponse, error) {
	return masked(ctx, req, s.inner.GetStates)
}

func (s maskingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return masked(ctx, req, s.inner.ImportResourceState)
}

func (s maskingServer) LockState(ctx context.Context, req *tfprotov6.LockStateRequest) (*tfprotov6.LockStateResponse, error) {
	return masked(ctx, req, s.inner.LockState)
}

func (s maskingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return masked(ctx, req, s.inner.MoveResourceState)
}

func (s maskingServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return masked(ctx, req, s.inner.OpenEphemeralResource)
}

func (s maskingServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return masked(ctx, req, s.inner.PlanAction)
}

func (s maskingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return masked(ctx, req, s.inner.PlanResourceChange)
}

func (s maskingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return masked(ctx, req, s.inner.ReadDataSource)
}

func (s maskingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return masked(ctx, req, s.inner.ReadResource)
}

func (s maskingServer) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return masked(ctx, req, s.inner.RenewEphemeralResource)
}

func (s maskingServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return masked(ctx, req, s.inner.StopProvider)
}

func (s maskingServer) UnlockState(ctx context.Context, req *tfprotov6.UnlockStateRequest) (*tfprotov6.UnlockStateResponse, error) {
	return masked(ctx, req, s.inner.UnlockState)
}

func (s maskingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return masked(ctx, req, s.inner.UpgradeResourceIdentity)
}

func (s maskingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return masked(ctx, req, s.inner.UpgradeResourceState)
}

func (s maskingServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return masked(ctx, req, s.inner.ValidateActionConfig)
}

func (s maskingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return masked(ctx, req, s.inner.ValidateDataResourceConfig)
}

func (s maskingServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return masked(ctx, req, s.inner.ValidateEphemeralResourceConfig)
}

func (s maskingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return masked(ctx, req, s.inner.ValidateListResourceConfig)
}

func (s maskingServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return masked(ctx, req, s.inner.ValidateProviderConfig)
}

func (s maskingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return masked(ctx, req, s.inner.ValidateResourceConfig)
}

func (s maskingServer) ValidateStateStoreConfig(ctx context.Context, req *tfprotov6.ValidateStateStoreConfigRequest) (*tfprotov6.ValidateStateStoreConfigResponse, error) {
	return masked(ctx, req, s.inner.ValidateStateStoreConfig)
}

func (s maskingServer) WriteStateBytes(ctx context.Context, req *tfprotov6.WriteStateBytesStream) (*tfprotov6.WriteStateBytesResponse, error) {
	return masked(ctx, req, s.inner.WriteStateBytes)
}
