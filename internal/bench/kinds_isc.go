package main

import (
	"context"
	"fmt"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
	"github.com/tf-accounts/terraform-provider-accounts/internal/isc"
)

var _ = registerKind("accounts_isc_account", iscAccount, func(ctx context.Context, client any, i int) (string, error) {
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
})

func iscAccount(i int) string {
	return fmt.Sprintf("source_id = %q\nnative_identity_attribute = \"id\"\nattributes = { id = \"bench-%d\" }", fakeserver.ISCFlatFileSourceID, i)
}
