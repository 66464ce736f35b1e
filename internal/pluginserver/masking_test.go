package pluginserver

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
)

const secret = "pluginserver-test-secret" //nolint:gosec // a test value

// echoingServer answers as a resource whose vendor repeated a secret: in its log line, in a
// diagnostic with a terminal escape, and in a list result. Calls it does not override panic.
type echoingServer struct {
	frameworkServer
}

func echoed() []*tfprotov6.Diagnostic {
	return []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError,
		Summary: "Could not read " + secret, Detail: "API said: bad password " + secret + "\x1b[2J\n\tdone"}}
}

func (echoingServer) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	tflog.Warn(ctx, "read failed: "+secret, map[string]any{"error": "bad password " + secret})
	return &tfprotov6.ReadResourceResponse{Diagnostics: echoed()}, nil
}

func (echoingServer) ListResource(context.Context, *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	return &tfprotov6.ListResourceServerStream{Results: func(yield func(tfprotov6.ListResourceResult) bool) {
		yield(tfprotov6.ListResourceResult{Diagnostics: echoed()})
	}}, nil
}

func checkScrubbed(t *testing.T, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	if len(diags) != 1 {
		t.Fatalf("got %d diagnostics, want 1", len(diags))
	}
	d := diags[0]
	if d.Summary != "Could not read ***" || d.Detail != "API said: bad password ***[2J\n\tdone" {
		t.Errorf("diagnostic not scrubbed: summary %q, detail %q", d.Summary, d.Detail)
	}
}

func TestMaskingServerScrubsDiagnosticsAndRootLogs(t *testing.T) {
	redact.Add(secret)
	var logged bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logged)
	server := maskingServer{inner: echoingServer{}}

	resp, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{})
	if err != nil {
		t.Fatal(err)
	}
	checkScrubbed(t, resp.Diagnostics)
	if strings.Contains(logged.String(), secret) || !strings.Contains(logged.String(), "bad password ***") {
		t.Errorf("the root logger's line is not masked: %s", logged.String())
	}

	stream, err := server.ListResource(ctx, &tfprotov6.ListResourceRequest{})
	if err != nil {
		t.Fatal(err)
	}
	results := 0
	for result := range stream.Results {
		results++
		checkScrubbed(t, result.Diagnostics)
	}
	if results != 1 {
		t.Errorf("the stream gave %d results, want 1", results)
	}
}

// Every response of the protocol that carries diagnostics has them in a field named
// Diagnostics, which scrub finds: a response that carried them elsewhere would escape it.
func TestScrubReachesTheDiagnosticsOfEveryResponse(t *testing.T) {
	redact.Add(secret)
	server := reflect.TypeFor[frameworkServer]()
	scrubbed := 0
	for i := range server.NumMethod() {
		method := server.Method(i)
		resp := method.Type.Out(0).Elem()
		for j := range resp.NumField() {
			field := resp.Field(j)
			if field.Type == diagnosticsType && field.Name != "Diagnostics" {
				t.Errorf("%s: diagnostics in field %s", method.Name, field.Name)
			}
		}
		field, ok := resp.FieldByName("Diagnostics")
		if !ok || field.Type != diagnosticsType {
			continue
		}
		value := reflect.New(resp)
		value.Elem().FieldByIndex(field.Index).Set(reflect.ValueOf(echoed()))
		scrub(value.Interface())
		diags, _ := value.Elem().FieldByIndex(field.Index).Interface().([]*tfprotov6.Diagnostic)
		checkScrubbed(t, diags)
		scrubbed++
	}
	if scrubbed < 30 {
		t.Errorf("scrubbed the diagnostics of %d response types; the protocol has at least 30", scrubbed)
	}
	stop := &tfprotov6.StopProviderResponse{Error: "stop " + secret}
	scrub(stop)
	if stop.Error != "stop ***" {
		t.Errorf("StopProvider error %q", stop.Error)
	}
}
