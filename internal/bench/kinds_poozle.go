package main

import (
	"context"
	"fmt"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/poozle"
)

var _ = registerKind("accounts_poozle_integration_account", poozleAccount, func(ctx context.Context, client any, i int) (string, error) {
	c, _ := client.(*poozle.Client)
	identifier := benchName(i)
	account, err := c.CreateIntegrationAccount(ctx, poozle.CreateRequest{WorkspaceID: fakeserver.PoozleWorkspaceID,
		IntegrationDefinitionID: fakeserver.PoozleGitHubDefinitionID, Name: benchName(i), AuthType: "Api Key",
		Config: map[string]string{"api_key": "k", "org": "acme"}, AccountIdentifier: &identifier})
	if err != nil {
		return "", err
	}
	return account.ID, nil
})

func poozleAccount(i int) string {
	return fmt.Sprintf("workspace_id = %q\nintegration_definition_id = %q\nauth_type = \"Api Key\"\nname = \"bench-%d\"\n"+
		"account_identifier = \"bench-%d\"\nconfig = { api_key = \"k\", org = \"acme\" }",
		fakeserver.PoozleWorkspaceID, fakeserver.PoozleGitHubDefinitionID, i, i)
}
