package main

import (
	"context"
	"fmt"

	"github.com/tf-accounts/terraform-provider-accounts/internal/b3os"
)

var _ = registerKind("accounts_b3os_service_account", b3osAccount, func(ctx context.Context, client any, i int) (string, error) {
	c, _ := client.(*b3os.Client)
	account, err := c.CreateServiceAccount(ctx, b3os.ServiceAccountInput{Name: benchName(i), Permissions: []string{"workflow:read"}})
	if err != nil {
		return "", err
	}
	return account.ID, nil
})

func b3osAccount(i int) string {
	return fmt.Sprintf("name = \"bench-%d\"\npermissions = [\"workflow:read\"]", i)
}
