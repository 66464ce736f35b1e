package b3os_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// ephemeralConfig is a service account that may write service accounts, and extra.
//
// The service account may revoke keys too, for a reason of the test harness only: the tests
// serve the provider in-process, one server for every provider configuration, so the last
// configuration wins, and Close runs with the client of the configuration that uses the key.
// Terraform runs a provider process per configuration, where Close uses its own.
func ephemeralConfig(f *acctest.Fake, extra string) string {
	return f.Config(`
resource "accounts_b3os_service_account" "robot" {
  name        = "robot"
  permissions = ["org:read", "service_account:read", "service_account:write", "apikey:delete"]
}
` + extra)
}

// ephemeralUse is an ephemeral key of the service account, a provider configuration that
// authenticates with it, and a service account made through that: the key works, or the apply
// fails.

func ephemeralUse(f *acctest.Fake) string {
	return `
ephemeral "accounts_b3os_api_key" "run" {
  service_account_id = accounts_b3os_service_account.robot.id
  scope              = "read-write"
  lifetime           = "15m"
}
` + robotProvider(f, "ephemeral.accounts_b3os_api_key.run.key") + `

resource "accounts_b3os_service_account" "made_by_robot" {
  provider    = accounts.robot
  name        = "made-by-robot"
  permissions = ["org:read"]
}
`
}

// checkEveryMintedKeyRevoked asserts the server minted at least min keys, every one revoked and
// named as the ephemeral resource names keys by default.
func checkEveryMintedKeyRevoked(f *acctest.Fake, minimum int) error {
	keys := keysHeld(f)
	if len(keys) < minimum {
		return fmt.Errorf("server minted %d keys, want at least %d", len(keys), minimum)
	}
	for _, key := range keys {
		if key.Status != "revoked" || key.Name != "terraform-ephemeral" || key.ExpiresAt == nil {
			return fmt.Errorf("key %+v is not a revoked ephemeral key", key)
		}
	}
	return nil
}

// holdsNoSecret fails when text holds any key the fake minted.
func holdsNoSecret(f *acctest.Fake, where, text string) error {
	secrets := f.B3OSMintedSecrets()
	if len(secrets) == 0 {
		return fmt.Errorf("the fake minted no key: %s proves nothing", where)
	}
	for _, secret := range secrets {
		if strings.Contains(text, secret) {
			return fmt.Errorf("%s holds the ephemeral key %.9s...", where, secret)
		}
	}
	return nil
}

type planHoldsNoSecret struct{ f *acctest.Fake }

func (c planHoldsNoSecret) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	raw, err := json.Marshal(req.Plan)
	if err == nil {
		err = holdsNoSecret(c.f, "the plan JSON", string(raw))
	}
	resp.Error = err
}

func stateHoldsNoSecret(f *acctest.Fake) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		raw, err := json.Marshal(s)
		if err != nil {
			return err
		}
		return holdsNoSecret(f, "the state", string(raw))
	}
}

// TestAccB3OSAPIKeyEphemeral_opensAndClosesInEveryRun: the ephemeral key authenticates the
// provider configuration that uses it, and is revoked once each run is done; it is in no plan,
// no state and no TRACE log line. Not parallel: TRACE logs go through the environment.
func TestAccB3OSAPIKeyEphemeral_opensAndClosesInEveryRun(t *testing.T) {
	f := acctest.NewFake(t)
	traced := acctest.TraceLog(t)
	noSecret := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planHoldsNoSecret{f}}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		CheckDestroy:             func(*terraform.State) error { return checkEveryMintedKeyRevoked(f, 2) },
		Steps: []resource.TestStep{
			{Config: ephemeralConfig(f, "")},
			{
				Config:           ephemeralConfig(f, ephemeralUse(f)),
				ConfigPlanChecks: noSecret,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("accounts_b3os_service_account.made_by_robot", "name", "made-by-robot"),
					stateHoldsNoSecret(f),
					// The plan opened a key, and the apply another; both are revoked.
					func(*terraform.State) error { return checkEveryMintedKeyRevoked(f, 2) },
				),
			},
			forgetMadeByRobot(f),
		},
	})
	traced(`/v1/api-keys`, f.B3OSMintedSecrets()...)
}

// TestAccB3OSAPIKeyEphemeral_savedPlanHoldsNoKey: terraform apply mints a key in its plan and
// another in its apply, revokes both, and neither the saved plan file, its JSON, nor the state
// file holds either.
func TestAccB3OSAPIKeyEphemeral_savedPlanHoldsNoKey(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	cli := acctest.NewCLI(t, tfversion.Version1_10_0)
	cli.Write("main.tf", ephemeralConfig(f, ""))
	cli.MustRun("init", "-input=false")
	cli.MustRun("apply", "-auto-approve", "-input=false")
	cli.Write("main.tf", ephemeralConfig(f, ephemeralUse(f)))
	cli.MustRun("plan", "-out=tfplan", "-input=false")
	planJSON := cli.MustRun("show", "-json", "tfplan")
	cli.MustRun("apply", "-input=false", "tfplan")
	if n := f.RequestCount(fakeserver.APIB3OS, http.MethodPost, "/v1/api-keys"); n != 2 {
		t.Errorf("the plan and the apply minted %d keys, want 2 (one each)", n)
	}
	for where, text := range map[string]string{
		"the plan file": planFileText(t, filepath.Join(cli.Dir, "tfplan")), "the plan JSON": planJSON,
		"the state file": cli.Read("terraform.tfstate"),
	} {
		if err := holdsNoSecret(f, where, text); err != nil {
			t.Error(err)
		}
	}
	if err := checkEveryMintedKeyRevoked(f, 2); err != nil {
		t.Error(err)
	}
}

// robotProvider is the provider configuration "robot", authenticated with apiKey (an expression).
func robotProvider(f *acctest.Fake, apiKey string) string {
	return `
provider "accounts" {
  alias = "robot"
  b3os = {
    endpoint        = "` + fakeserver.APIURL(f.URL, fakeserver.APIB3OS) + `"
    organization_id = "` + fakeserver.B3OSOrganizationID + `"
    api_key         = ` + apiKey + `
  }
}
`
}

// forgetMadeByRobot forgets made_by_robot, and deletes it behind Terraform's back, so that the
// destroy needs no ephemeral key (see ephemeralConfig).
func forgetMadeByRobot(f *acctest.Fake) resource.TestStep {
	return resource.TestStep{
		Config: ephemeralConfig(f, `
removed {
  from = accounts_b3os_service_account.made_by_robot
  lifecycle {
    destroy = false
  }
}
`+robotProvider(f, `"`+fakeserver.B3OSAPIKey+`"`)),
		Check: func(*terraform.State) error {
			f.RemoveB3OSServiceAccount(made(f, "made-by-robot"))
			return nil
		},
	}
}

// made is the id of the service account named name.
func made(f *acctest.Fake, name string) string {
	for _, account := range f.State().B3OS.ServiceAccounts {
		if account.Name == name {
			return account.ID
		}
	}
	return ""
}

// planFileText is every entry of a saved plan (a zip archive), uncompressed.
func planFileText(t *testing.T, name string) string {
	t.Helper()
	archive, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer archive.Close()
	var text strings.Builder
	for _, entry := range archive.File {
		r, err := entry.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.Copy(&text, r) //nolint:gosec // the test's own plan file
		_ = r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	raw, _ := os.ReadFile(name) //nolint:gosec // the test's own plan file
	return text.String() + string(raw)
}

// TestAccB3OSAPIKeyEphemeral_badConfiguration: an invalid value fails the plan, naming its
// attribute, before any key is minted.
func TestAccB3OSAPIKeyEphemeral_badConfiguration(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct{ set, error string }{
		"lifetime not a duration": {`lifetime = "1 day"`, `Invalid lifetime.*lifetime must be a positive duration.*got "1 day"`},
		"lifetime too long":       {`lifetime = "48h"`, `Invalid lifetime.*lifetime must be at most 24h0m0s; got "48h"`},
		"scope not B3OS's":        {`scope = "write"`, `Attribute scope value must be one of: ["read" "read-write"], got: "write"`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := acctest.NewFake(t)
			scope := `scope = "read"`
			if strings.HasPrefix(tt.set, "scope") {
				scope = ""
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
				Steps: []resource.TestStep{{
					Config: f.Config(`
ephemeral "accounts_b3os_api_key" "test" {
  service_account_id = "sa_0123"
  ` + scope + `
  ` + tt.set + `
}
`),
					PlanOnly: true, ExpectError: acctest.ErrorMatching(tt.error),
				}},
			})
			if n := f.RequestCount(fakeserver.APIB3OS, http.MethodPost, "/v1/api-keys"); n != 0 {
				t.Errorf("%d keys minted", n)
			}
		})
	}
}

// TestAccB3OSAPIKeyEphemeral_aLostMintIsRevoked: the key a lost answer made is revoked on open,
// and another minted; after the run no key is active.
func TestAccB3OSAPIKeyEphemeral_aLostMintIsRevoked(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		CheckDestroy:             func(*terraform.State) error { return checkEveryMintedKeyRevoked(f, 3) },
		Steps: []resource.TestStep{
			{Config: ephemeralConfig(f, "")},
			{
				PreConfig: func() { lostMints(f, 1) },
				Config:    ephemeralConfig(f, ephemeralUse(f)),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("accounts_b3os_service_account.made_by_robot", "name", "made-by-robot"),
					// The lost one, its replacement in the plan, and the apply's key: all revoked.
					func(*terraform.State) error { return checkEveryMintedKeyRevoked(f, 3) },
					func(*terraform.State) error {
						if mints, revocations := f.RequestCount(fakeserver.APIB3OS, http.MethodPost, "/v1/api-keys"),
							f.RequestCount(fakeserver.APIB3OS, http.MethodDelete, "/v1/api-keys/"); revocations != mints {
							return fmt.Errorf("%d keys minted, %d revocations", mints, revocations)
						}
						return nil
					},
				),
			},
			forgetMadeByRobot(f),
		},
	})
}
