package b3os_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
)

// TestAccB3OSAPIKeyEphemeral_configuresAProviderInTheRunThatMakesItsServiceAccount: an
// ephemeral key of a service account the same run creates configures a provider: during the
// plan the key, and so the provider's api_key, is unknown, and the plan proceeds; the apply
// creates the service account, opens the key, and the provider makes a service account with it.
func TestAccB3OSAPIKeyEphemeral_configuresAProviderInTheRunThatMakesItsServiceAccount(t *testing.T) {
	f := acctest.NewFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		CheckDestroy:             func(*terraform.State) error { return checkEveryMintedKeyRevoked(f, 1) },
		Steps: []resource.TestStep{
			{
				Config: ephemeralConfig(f, ephemeralUse(f)),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("accounts_b3os_service_account.made_by_robot", "name", "made-by-robot"),
					stateHoldsNoSecret(f),
				),
			},
			forgetMadeByRobot(f),
		},
	})
}
