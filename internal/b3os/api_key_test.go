package b3os_test

import (
	"strings"
	"testing"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/b3os"
	"github.com/tf-accounts/terraform-provider-accounts/internal/redact"
)

// TestMintAPIKeyRegistersTheSecret: a minted key is masked wherever the provider writes text,
// from the moment the client has it.
func TestMintAPIKeyRegistersTheSecret(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	account := f.SeedB3OSServiceAccount("reader", "active", "org:read")
	minted := mintDirectly(t, f, account, "masked")
	if !strings.HasPrefix(minted.Key, "b3sk_") {
		t.Fatalf("minted %+v", minted)
	}
	if got := redact.String("the server said: " + minted.Key); got != "the server said: "+redact.Mask {
		t.Errorf("the minted key is not masked: %q", got)
	}
	keys, err := directClient(t, f).ActiveAPIKeysNamed(t.Context(), account, "masked")
	if err != nil || len(keys) != 1 || keys[0].ID != minted.ID || keys[0].Scope != b3os.ScopeRead {
		t.Fatalf("listed %+v, %v", keys, err)
	}
}
