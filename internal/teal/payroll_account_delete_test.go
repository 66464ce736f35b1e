package teal

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// destroy runs the resource's Delete on a state holding only the account's ids. Acceptance
// tests cannot see warnings, so this one calls the resource directly.
func destroy(t *testing.T, client *Client, accountID string) resource.DeleteResponse {
	t.Helper()
	ctx := context.Background()
	r, _ := NewPayrollAccountResource().(*payrollAccountResource)
	r.Client = client
	var schema resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schema)
	state := tfsdk.State{Schema: schema.Schema, Raw: tftypes.NewValue(schema.Schema.Type().TerraformType(ctx), nil)}
	if diags := state.SetAttribute(ctx, path.Root("id"), accountID); diags.HasError() {
		t.Fatal(diags)
	}
	if diags := state.SetAttribute(ctx, path.Root("user_id"), fakeserver.TealUserID); diags.HasError() {
		t.Fatal(diags)
	}
	resp := resource.DeleteResponse{State: state}
	r.Delete(ctx, resource.DeleteRequest{State: state}, &resp)
	return resp
}

func TestDestroyWarnsThatTheAccountRemains(t *testing.T) {
	client, server := newTestClient(t)
	account := mustCreate(t, client, newAccount(fakeserver.TealProviderCredentials, "pw"))

	resp := destroy(t, client, account.AccountID)
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("diagnostics = %v", resp.Diagnostics)
	}
	warning := resp.Diagnostics.Warnings()[0]
	for _, want := range []string{account.AccountID, "405 Method Not Allowed", "still exists", "ask Teal support"} {
		if !strings.Contains(warning.Detail(), want) {
			t.Errorf("the warning %q lacks %q", warning.Detail(), want)
		}
	}
	if warning.Summary() != "The Teal payroll account remains" || len(server.State().Teal.Accounts) != 1 {
		t.Errorf("warning %q; server holds %d accounts", warning.Summary(), len(server.State().Teal.Accounts))
	}

	server.ConfigureTeal(func(s *fakeserver.TealSettings) { s.DeleteEnabled = true })
	if resp := destroy(t, client, account.AccountID); len(resp.Diagnostics) != 0 || len(server.State().Teal.Accounts) != 0 {
		t.Errorf("with deletion enabled: %v; server holds %d accounts", resp.Diagnostics, len(server.State().Teal.Accounts))
	}
}
