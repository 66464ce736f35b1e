package teal_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// A vendor that repeats the password it was sent, with a terminal escape sequence, shows neither
// in the diagnostic nor in the TRACE log. Not parallel: TF_LOG reaches the in-process provider
// through the environment.
func TestAccTealPayrollAccount_echoedPasswordIsMasked(t *testing.T) {
	checkLog := acctest.TraceLog(t)
	f := newFake(t)
	const canary = "pw-Echo-7Gq2x"
	f.AddFault(fakeserver.Fault{API: fakeserver.APITeal, Method: "POST", Path: "/accounts", Status: 400,
		Body: `{"errors":["Login to quickbooks failed for jane@example.com with password ` + canary + `\u001b[31m, try again"]}`})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   writeOnlyTerraform,
		CheckDestroy:             checkNoAccounts(f),
		Steps: []resource.TestStep{{
			Config:          f.Config(ephemeralVariables + accountConfig(fakeserver.TealProviderCredentials, login)),
			ConfigVariables: variables(canary, ""),
			// The escape character between *** and [31m would break the match.
			ExpectError: acctest.ErrorMatching("with password ***[31m, try again"),
		}},
	})
	// The log must hold the vendor's answer, or the absence of the password proves nothing.
	checkLog("Login to quickbooks failed", canary)
}
