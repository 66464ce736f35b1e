package poozle_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// A vendor error that repeats a config value from the configuration and the refresh token the
// server rotated (known to the provider only from the server's answers) shows neither in the
// diagnostic nor in the TRACE log. Not parallel: TF_LOG reaches the in-process provider through
// the environment.
func TestAccPoozleIntegrationAccount_echoedConfigIsMasked(t *testing.T) {
	checkLog := acctest.TraceLog(t)
	f := acctest.NewFake(t)
	const clientSecret = "cs-Echo-5Rw1p" //nolint:gosec // a fake server's test value
	// The secret comes from a variable: the test framework logs the configuration's text.
	body := `  config = {
    client_id     = "client"
    client_secret = var.client_secret
    refresh_token = "refresh-1"
    scope         = "repo"
    org           = "acme"
  }`
	configOf := func(name string) string {
		return f.Config(`
variable "client_secret" {
  type      = string
  sensitive = true
}
` + account{authType: "OAuth2", name: name, body: body}.hcl())
	}
	variables := config.Variables{"client_secret": config.StringVariable(clientSecret)}
	var rotated string
	echoOnUpdate := func(*terraform.State) error {
		accounts := f.State().Poozle.IntegrationAccounts
		if len(accounts) != 1 {
			return fmt.Errorf("server holds %d accounts, want 1", len(accounts))
		}
		rotated, _ = accounts[0].IntegrationConfiguration["refresh_token"].(string)
		if rotated == "" || rotated == "refresh-1" {
			return fmt.Errorf("the server did not rotate the refresh token: %q", rotated)
		}
		f.AddFault(fakeserver.Fault{API: fakeserver.APIPoozle, Method: "POST", Path: "/v1/integration_account/", Status: 400,
			Body: fmt.Sprintf(`{"statusCode":400,"message":"refresh token %s with secret %s was revoked\u001b]0;owned\u0007","error":"Bad Request"}`,
				rotated, clientSecret)})
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccounts(f),
		Steps: []resource.TestStep{
			{
				Config:          configOf("oauth"),
				ConfigVariables: variables,
				Check:           echoOnUpdate,
			},
			{
				// The escape and bell characters around ]0;owned would break the match.
				Config:          configOf("oauth-2"),
				ConfigVariables: variables,
				ExpectError:     acctest.ErrorMatching("refresh token *** with secret *** was revoked]0;owned"),
			},
		},
	})
	// The log must hold the vendor's answer, or the absence of the secrets proves nothing.
	checkLog("was revoked", clientSecret, rotated)
}
