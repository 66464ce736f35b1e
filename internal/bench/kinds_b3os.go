package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/tf-accounts/terraform-provider-accounts/internal/b3os"
	"github.com/tf-accounts/terraform-provider-accounts/internal/transport"
)

var _ = registerKind("accounts_b3os_service_account", b3osAccount, func(ctx context.Context, client any, i int) (string, error) {
	c, _ := client.(*b3os.Client)
	return benchAccount(ctx, c, i)
})

// A key of each bench service account, the one of the same number: the seeders run at once, so
// whichever of the two comes first creates the service account.
var _ = registerKind("accounts_b3os_api_key", b3osKeyOfAccount, func(ctx context.Context, client any, i int) (string, error) {
	c, _ := client.(*b3os.Client)
	account, err := benchAccount(ctx, c, i)
	if err != nil {
		return "", err
	}
	key, err := c.MintAPIKey(ctx, b3os.APIKeyInput{Name: benchName(i), Scope: b3os.ScopeRead, ServiceAccountID: account})
	if err != nil {
		return "", err
	}
	return key.ID, nil
})

func b3osAccount(i int) string {
	return fmt.Sprintf("name = \"bench-%d\"\npermissions = [\"workflow:read\"]", i)
}

func b3osKeyOfAccount(i int) string {
	return fmt.Sprintf("service_account_id = accounts_b3os_service_account.r%d.id\nname = \"bench-%d\"\nscope = \"read\"", i, i)
}

// b3osKeysOfOneAccount is one service account and n keys of it.
func b3osKeysOfOneAccount(n int) string {
	account := "resource \"accounts_b3os_service_account\" \"keys\" {\n" + b3osAccount(-1) + "\n}\n"
	return account + repeat("accounts_b3os_api_key", func(i int) string {
		return fmt.Sprintf("service_account_id = accounts_b3os_service_account.keys.id\nname = \"bench-%d\"\nscope = \"read\"", i)
	})(n)
}

// benchAccount creates bench service account i, or finds it when the other seeder made it.
func benchAccount(ctx context.Context, c *b3os.Client, i int) (string, error) {
	account, err := c.CreateServiceAccount(ctx, b3os.ServiceAccountInput{Name: benchName(i), Permissions: []string{"workflow:read"}})
	if transport.StatusOf(err) == http.StatusConflict {
		account, err = c.FindServiceAccountByName(ctx, benchName(i))
		if err == nil && account == nil {
			err = errors.New("the service account that holds the name is gone")
		}
	}
	if err != nil {
		return "", err
	}
	return account.ID, nil
}
