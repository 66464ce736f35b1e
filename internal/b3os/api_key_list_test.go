package b3os_test

import (
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
)

func TestAccB3OSAPIKeyList_activeAndRevoked(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	account := f.SeedB3OSServiceAccount("deployer", "active", "org:read")
	other := f.SeedB3OSServiceAccount("other", "active", "org:read")
	first, second := mintDirectly(t, f, account, "one").ID, mintDirectly(t, f, account, "two").ID
	revoked := mintDirectly(t, f, account, "three").ID
	f.RevokeB3OSAPIKey(revoked)
	mintDirectly(t, f, other, "not-listed")
	block := func(name, extra string) string {
		return acctest.ListBlock("accounts_b3os_api_key", name, "  include_resource = true\n  config {\n    service_account_id = \""+
			account+"\"\n"+extra+"  }")
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   acctest.QueryVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: f.ProviderConfig()},
			{
				Query:  true,
				Config: block("active", "") + block("all", "    include_revoked = true\n"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					acctest.QueryCheck(func(results []tfjson.ListResourceFoundData) error {
						return acctest.SameIdentities(acctest.ResultsOf(results, "accounts_b3os_api_key.active"), "id", []string{first, second})
					}),
					acctest.QueryCheck(func(results []tfjson.ListResourceFoundData) error {
						return acctest.SameIdentities(acctest.ResultsOf(results, "accounts_b3os_api_key.all"), "id", []string{first, second, revoked})
					}),
				},
			},
		},
	})
}
