package main

import (
	"context"
	"fmt"

	"github.com/tf-accounts/terraform-provider-accounts/internal/b3os"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/isc"
	"github.com/tf-accounts/terraform-provider-accounts/internal/poozle"
	"github.com/tf-accounts/terraform-provider-accounts/internal/teal"
)

// accountBodies are the bodies of the bench's resource blocks, by type: one per type the
// provider manages.
var accountBodies = map[string]func(i int) string{
	"accounts_isc_account": iscAccount, "accounts_b3os_service_account": b3osAccount,
	"accounts_poozle_integration_account": poozleAccount, "accounts_teal_payroll_account": tealAccount,
}

func iscAccount(i int) string {
	return fmt.Sprintf("source_id = %q\nnative_identity_attribute = \"id\"\nattributes = { id = \"bench-%d\" }", fakeserver.ISCFlatFileSourceID, i)
}

func b3osAccount(i int) string {
	return fmt.Sprintf("name = \"bench-%d\"\npermissions = [\"workflow:read\"]", i)
}

func poozleAccount(i int) string {
	return fmt.Sprintf("workspace_id = %q\nintegration_definition_id = %q\nauth_type = \"Api Key\"\nname = \"bench-%d\"\n"+
		"account_identifier = \"bench-%d\"\nconfig = { api_key = \"k\", org = \"acme\" }",
		fakeserver.PoozleWorkspaceID, fakeserver.PoozleGitHubDefinitionID, i, i)
}

func tealAccount(i int) string {
	return fmt.Sprintf("user_id = %q\npayroll_provider = %q\nuser_name = \"bench-%d\"\npassword_wo = \"bench\"\npassword_wo_version = 1",
		fakeserver.TealUserID, fakeserver.TealProviderCredentials, i)
}

// seeders make account i of a type on the fake server with its API's client, and return its id.
var seeders = map[string]func(ctx context.Context, client any, i int) (string, error){
	"accounts_isc_account": func(ctx context.Context, client any, i int) (string, error) {
		c, _ := client.(*isc.Client)
		want := isc.NewAccount{SourceID: fakeserver.ISCFlatFileSourceID, NativeIdentity: benchName(i), Attributes: map[string]any{"id": benchName(i)}}
		task, err := c.SubmitCreate(ctx, want)
		if err != nil {
			return "", err
		}
		account, err := c.AwaitCreate(ctx, task, want, func(string) {})
		if err != nil {
			return "", err
		}
		return account.ID, nil
	},
	"accounts_b3os_service_account": func(ctx context.Context, client any, i int) (string, error) {
		c, _ := client.(*b3os.Client)
		account, err := c.CreateServiceAccount(ctx, b3os.ServiceAccountInput{Name: benchName(i), Permissions: []string{"workflow:read"}})
		if err != nil {
			return "", err
		}
		return account.ID, nil
	},
	"accounts_poozle_integration_account": func(ctx context.Context, client any, i int) (string, error) {
		c, _ := client.(*poozle.Client)
		identifier := benchName(i)
		account, err := c.CreateIntegrationAccount(ctx, poozle.CreateRequest{WorkspaceID: fakeserver.PoozleWorkspaceID,
			IntegrationDefinitionID: fakeserver.PoozleGitHubDefinitionID, Name: benchName(i), AuthType: "Api Key",
			Config: map[string]string{"api_key": "k", "org": "acme"}, AccountIdentifier: &identifier})
		if err != nil {
			return "", err
		}
		return account.ID, nil
	},
	"accounts_teal_payroll_account": func(ctx context.Context, client any, i int) (string, error) {
		c, _ := client.(*teal.Client)
		account, err := c.CreateAccount(ctx, teal.NewAccount{UserID: fakeserver.TealUserID,
			PayrollProvider: fakeserver.TealProviderCredentials, UserName: benchName(i), Password: "bench"}, "")
		if err != nil {
			return "", err
		}
		return account.AccountID, nil
	},
}
