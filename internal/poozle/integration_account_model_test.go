package poozle

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tf-accounts/terraform-provider-accounts/internal/kit"
)

func TestMatchesNeedsTheNaturalKeyAndACreateAfterTheAttempt(t *testing.T) {
	started := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	plan := integrationAccountModel{
		WorkspaceID: types.StringValue("ws"), IntegrationDefinitionID: types.StringValue("def"),
		Name: types.StringValue("ci"), AccountIdentifier: types.StringNull(),
	}
	account := func(change func(*IntegrationAccount)) IntegrationAccount {
		a := IntegrationAccount{WorkspaceID: "ws", IntegrationDefinitionID: "def", Name: "ci", CreatedAt: "2026-11-23T12:00:01.000Z"}
		if change != nil {
			change(&a)
		}
		return a
	}
	identifier := "acme"
	for name, tt := range map[string]struct {
		account IntegrationAccount
		want    bool
	}{
		"same key, made by the attempt":  {account(nil), true},
		"an hour older than the attempt": {account(func(a *IntegrationAccount) { a.CreatedAt = "2026-11-23T11:00:00.000Z" }), false},
		"another name":                   {account(func(a *IntegrationAccount) { a.Name = "other" }), false},
		"another definition":             {account(func(a *IntegrationAccount) { a.IntegrationDefinitionID = "jira" }), false},
		"an identifier the plan lacks":   {account(func(a *IntegrationAccount) { a.AccountIdentifier = &identifier }), false},
		"no creation time":               {account(func(a *IntegrationAccount) { a.CreatedAt = "" }), false},
	} {
		if got := plan.madeBy(tt.account, kit.Unfinished{Started: started}); got != tt.want {
			t.Errorf("%s: matches = %v, want %v", name, got, tt.want)
		}
	}
}

func TestRefreshKeepsKnownRotatedKeysAndWriteOnlyConfigOut(t *testing.T) {
	server := &IntegrationAccount{
		ID: "id", WorkspaceID: "ws", Name: "ci",
		Config: map[string]any{"refresh_token": "rotated", "client_secret": "changed", "port": float64(8080)},
	}
	tracked := integrationAccountModel{
		WorkspaceID: types.StringValue("ws"),
		Config:      configValue(map[string]string{"refresh_token": "mine", "client_secret": "s"}),
	}
	tracked.fill(server)
	if got := stringMap(tracked.Config); got["refresh_token"] != "mine" || got["client_secret"] != "changed" || got["port"] != "8080" {
		t.Errorf("tracked config = %v: want the known refresh_token, the server's other values", got)
	}

	writeOnly := integrationAccountModel{WorkspaceID: types.StringValue("ws"), Config: types.MapNull(types.StringType)}
	writeOnly.fill(server)
	if !writeOnly.Config.IsNull() {
		t.Errorf("config_wo state gained config %v", writeOnly.Config)
	}

	imported := integrationAccountModel{ID: types.StringValue("id"), Config: types.MapNull(types.StringType)}
	imported.fill(server)
	if got := stringMap(imported.Config); got["refresh_token"] != "rotated" || imported.WorkspaceID.ValueString() != "ws" {
		t.Errorf("imported config = %v, workspace %s", got, imported.WorkspaceID)
	}
}
