package main

import (
	"context"
	"fmt"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/teal"
)

var _ = registerKind("accounts_teal_payroll_account", tealAccount, func(ctx context.Context, client any, i int) (string, error) {
	c, _ := client.(*teal.Client)
	account, err := c.CreateAccount(ctx, teal.NewAccount{UserID: fakeserver.TealUserID,
		PayrollProvider: fakeserver.TealProviderCredentials, UserName: benchName(i), Password: "bench"}, "")
	if err != nil {
		return "", err
	}
	return account.AccountID, nil
})

func tealAccount(i int) string {
	return fmt.Sprintf("user_id = %q\npayroll_provider = %q\nuser_name = \"bench-%d\"\npassword_wo = \"bench\"\npassword_wo_version = 1",
		fakeserver.TealUserID, fakeserver.TealProviderCredentials, i)
}
