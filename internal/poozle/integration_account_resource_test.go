package poozle_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/tf-accounts/terraform-provider-accounts/internal/acctest"
	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

const address = "accounts_poozle_integration_account.test"

// account is the configuration of one account: HCL attribute lines beyond the required ids.
type account struct {
	workspace, authType, name, body string
}

func (a account) hcl() string {
	workspace := a.workspace
	if workspace == "" {
		workspace = fakeserver.PoozleWorkspaceID
	}
	authType := a.authType
	if authType == "" {
		authType = "Api Key"
	}
	return fmt.Sprintf(`
resource "accounts_poozle_integration_account" "test" {
  workspace_id              = %q
  integration_definition_id = %q
  auth_type                 = %q
  name                      = %q
%s
}
`, workspace, fakeserver.PoozleGitHubDefinitionID, authType, a.name, a.body)
}

const apiKeyConfig = `  config = { api_key = "key-1", org = "acme" }` //nolint:gosec // a fake server's test value

func oauth2Config(refreshToken string) string {
	return fmt.Sprintf(`  config = {
    client_id     = "client"
    client_secret = "secret"
    refresh_token = %q
    scope         = "repo"
    org           = "acme"
  }`, refreshToken)
}

// checkHolds asserts the server holds exactly one account named name, that the state tracks it,
// and that it passes check.
func checkHolds(f *acctest.Fake, name string, check func(fakeserver.PoozleIntegrationAccount) error) resource.TestCheckFunc {
	return acctest.CheckHoldsOne(f, address, acctest.Held[fakeserver.PoozleIntegrationAccount]{
		What: fmt.Sprintf("accounts named %q", name),
		Find: func(f *acctest.Fake) []fakeserver.PoozleIntegrationAccount {
			var found []fakeserver.PoozleIntegrationAccount
			for _, a := range f.State().Poozle.IntegrationAccounts {
				if a.IntegrationAccountName == name {
					found = append(found, a)
				}
			}
			return found
		},
		ID: func(a fakeserver.PoozleIntegrationAccount) string { return a.IntegrationAccountID },
	}, check)
}

func checkNoAccounts(f *acctest.Fake) func(*terraform.State) error {
	return func(*terraform.State) error {
		if n := len(f.State().Poozle.IntegrationAccounts); n != 0 {
			return fmt.Errorf("server still holds %d accounts", n)
		}
		return nil
	}
}

func configEquals(want map[string]any) func(fakeserver.PoozleIntegrationAccount) error {
	return func(a fakeserver.PoozleIntegrationAccount) error {
		if fmt.Sprint(a.IntegrationConfiguration) != fmt.Sprint(want) {
			return fmt.Errorf("server config = %v, want %v", a.IntegrationConfiguration, want)
		}
		return nil
	}
}

var (
	emptyPlan    = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	updatePlan   = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)}}
	replacePlan  = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)}}
	recreatePlan = resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)}}
)

func TestAccPoozleIntegrationAccount_lifecycle(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccounts(f),
		Steps: []resource.TestStep{
			{
				Config: f.Config(account{name: "ci", body: apiKeyConfig + "\n  account_identifier = \"acme-ci\""}.hcl()),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("sync_enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("sync_period"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("link_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
				},
				Check: checkHolds(f, "ci", func(a fakeserver.PoozleIntegrationAccount) error {
					if *a.AccountIdentifier != "acme-ci" || a.AuthType != "Api Key" || a.IntegrationConfiguration["api_key"] != "key-1" {
						return fmt.Errorf("server account %+v", a)
					}
					return nil
				}),
			},
			{
				ResourceName:            address,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				Config: f.Config(account{name: "ci-renamed", body: `  config = { api_key = "key-2", org = "acme" }
  account_identifier = "acme-ci"
  sync_enabled       = true
  sync_period        = "EVERY_HOUR"`}.hcl()),
				ConfigPlanChecks: updatePlan,
				Check: checkHolds(f, "ci-renamed", func(a fakeserver.PoozleIntegrationAccount) error {
					if !a.SyncEnabled || *a.SyncPeriod != "EVERY_HOUR" {
						return fmt.Errorf("server sync %v %v", a.SyncEnabled, a.SyncPeriod)
					}
					return configEquals(map[string]any{"api_key": "key-2", "org": "acme"})(a)
				}),
			},
			{
				// Unsetting sync_period sends null, which clears it; sync_enabled goes back to false.
				Config:           f.Config(account{name: "ci-renamed", body: `  config = { api_key = "key-2", org = "acme" }` + "\n  account_identifier = \"acme-ci\""}.hcl()),
				ConfigPlanChecks: updatePlan,
				Check: checkHolds(f, "ci-renamed", func(a fakeserver.PoozleIntegrationAccount) error {
					if a.SyncEnabled || a.SyncPeriod != nil {
						return fmt.Errorf("server sync %v %v", a.SyncEnabled, a.SyncPeriod)
					}
					return nil
				}),
			},
			{
				Config:           f.Config(account{workspace: fakeserver.PoozleSecondWorkspaceID, name: "ci-renamed", body: `  config = { api_key = "key-2", org = "acme" }`}.hcl()),
				ConfigPlanChecks: replacePlan,
				Check: checkHolds(f, "ci-renamed", func(a fakeserver.PoozleIntegrationAccount) error {
					if a.WorkspaceID != fakeserver.PoozleSecondWorkspaceID {
						return fmt.Errorf("account in workspace %s", a.WorkspaceID)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccPoozleIntegrationAccount_rotatedRefreshTokenIsNoDrift(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	var rotated string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccounts(f),
		Steps: []resource.TestStep{
			{
				Config: f.Config(account{authType: "OAuth2", name: "oauth", body: oauth2Config("refresh-1")}.hcl()),
				Check: checkHolds(f, "oauth", func(a fakeserver.PoozleIntegrationAccount) error {
					rotated, _ = a.IntegrationConfiguration["refresh_token"].(string)
					if rotated == "refresh-1" {
						return fmt.Errorf("the server did not rotate the refresh token")
					}
					return nil
				}),
			},
			{
				Config:           f.Config(account{authType: "OAuth2", name: "oauth", body: oauth2Config("refresh-1")}.hcl()),
				ConfigPlanChecks: emptyPlan,
			},
			{
				// A rename sends the config again: the rotated token, not the spent one, is kept.
				Config:           f.Config(account{authType: "OAuth2", name: "oauth-2", body: oauth2Config("refresh-1")}.hcl()),
				ConfigPlanChecks: updatePlan,
				Check: checkHolds(f, "oauth-2", func(a fakeserver.PoozleIntegrationAccount) error {
					if got := a.IntegrationConfiguration["refresh_token"]; got != rotated {
						return fmt.Errorf("server refresh_token %v, want the rotated %s", got, rotated)
					}
					return nil
				}),
			},
			{
				// A token the user changes is sent.
				Config:           f.Config(account{authType: "OAuth2", name: "oauth-2", body: oauth2Config("refresh-2")}.hcl()),
				ConfigPlanChecks: updatePlan,
				Check: checkHolds(f, "oauth-2", func(a fakeserver.PoozleIntegrationAccount) error {
					if got := a.IntegrationConfiguration["refresh_token"]; got != "refresh-2" {
						return fmt.Errorf("server refresh_token %v, want refresh-2", got)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccPoozleIntegrationAccount_deletedOutOfBand(t *testing.T) {
	t.Parallel()
	for name, gone := range map[string]func(f *fakeserver.Server, id string){
		"empty body": func(f *fakeserver.Server, id string) { f.RemovePoozleAccount(id) },
		"404": func(f *fakeserver.Server, id string) {
			f.RemovePoozleAccount(id)
			f.AddFault(fakeserver.Fault{API: fakeserver.APIPoozle, Method: "GET", Path: "/v1/integration_account/" + id, Status: http.StatusNotFound})
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := acctest.NewFake(t)
			config := f.Config(account{name: "ci", body: apiKeyConfig}.hcl())
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             checkNoAccounts(f),
				Steps: []resource.TestStep{
					{
						Config: config,
						Check: func(s *terraform.State) error {
							id, err := acctest.Attribute(s, address, "id")
							gone(f.Server, id)
							return err
						},
						ConfigPlanChecks:   recreatePlan,
						ExpectNonEmptyPlan: true,
					},
					{
						PreConfig: f.ClearFaults,
						Config:    config,
						Check:     checkHolds(f, "ci", nil),
					},
				},
			})
		})
	}
}

// behind serves the fake server through wrap, for outcomes its fault layer cannot produce.
func behind(t *testing.T, wrap func(http.Handler) http.Handler) *acctest.Fake {
	t.Helper()
	server := fakeserver.New()
	listener := httptest.NewServer(wrap(server))
	t.Cleanup(listener.Close)
	return &acctest.Fake{Server: server, URL: listener.URL}
}

// onFirstCreate passes every request to the server, except the first create, which handle
// answers instead, given the server.
func onFirstCreate(handle func(server http.Handler, w http.ResponseWriter, r *http.Request)) func(http.Handler) http.Handler {
	var once sync.Once
	return func(server http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			first := false
			if r.Method == http.MethodPost && r.URL.Path == "/"+fakeserver.APIPoozle+"/v1/integration_account" {
				once.Do(func() { first = true })
			}
			if first {
				handle(server, w, r)
				return
			}
			server.ServeHTTP(w, r)
		})
	}
}

// firstCreateThen lets the first create reach the server, which commits it, and answers it with
// reply instead of the server's answer.
func firstCreateThen(reply http.HandlerFunc) func(http.Handler) http.Handler {
	return onFirstCreate(func(server http.Handler, w http.ResponseWriter, r *http.Request) {
		server.ServeHTTP(httptest.NewRecorder(), r)
		reply(w, r)
	})
}

// commitLate holds the first create without an answer and has the server commit it after delay,
// as a server still checking credentials when the client gave up would.
func commitLate(delay time.Duration) func(http.Handler) http.Handler {
	return onFirstCreate(func(server http.Handler, _ http.ResponseWriter, r *http.Request) {
		late := r.Clone(context.WithoutCancel(r.Context()))
		body, _ := io.ReadAll(r.Body)
		go func() {
			time.Sleep(delay)
			late.Body = io.NopCloser(bytes.NewReader(body))
			server.ServeHTTP(httptest.NewRecorder(), late)
		}()
		<-r.Context().Done()
	})
}

func TestAccPoozleIntegrationAccount_unknownCreateOutcomeMakesOneAccount(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		fake     func(t *testing.T) *acctest.Fake
		timeouts string
	}{
		"connection dropped after commit": {fake: func(t *testing.T) *acctest.Fake {
			f := acctest.NewFake(t)
			f.AddFault(fakeserver.Fault{API: fakeserver.APIPoozle, Method: "POST", Path: "/v1/integration_account", Drop: "after", Times: 1})
			return f
		}},
		"502 after commit": {fake: func(t *testing.T) *acctest.Fake {
			return behind(t, firstCreateThen(func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "<html><body>502 Bad Gateway</body></html>", http.StatusBadGateway)
			}))
		}},
		"create timeout after commit": {
			fake: func(t *testing.T) *acctest.Fake {
				return behind(t, firstCreateThen(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
			},
			timeouts: "\n  timeouts = { create = \"2s\" }",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := tt.fake(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy:             checkNoAccounts(f),
				Steps: []resource.TestStep{{
					Config: f.Config(account{name: "ci", body: apiKeyConfig + tt.timeouts}.hcl()),
					Check: resource.ComposeTestCheckFunc(
						checkHolds(f, "ci", nil),
						f.CheckRequestCount(fakeserver.APIPoozle, "POST", "/v1/integration_account", 1),
					),
				}},
			})
		})
	}
}

// leaksNone fails when a plan or a state, in Terraform's JSON form, holds any of secrets.
type leaksNone []string

func (secrets leaksNone) find(v any) error {
	encoded, err := json.Marshal(v)
	if err != nil {
		return err
	}
	for _, secret := range secrets {
		if strings.Contains(string(encoded), secret) {
			return fmt.Errorf("%q appears in %s", secret, encoded)
		}
	}
	return nil
}

func (secrets leaksNone) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = secrets.find(req.Plan)
}

func (secrets leaksNone) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = secrets.find(req.State)
}

// writeOnlyConfig takes the API key from an ephemeral variable, as a user keeping it out of
// state and plan would: a literal would be written into the plan's copy of the configuration.
func writeOnlyConfig(name string, version int) string {
	return writeOnlyConfigOf(name, version, `api_key = var.api_key, org = "acme"`)
}

func writeOnlyConfigOf(name string, version int, config string) string {
	return `
variable "api_key" {
  type      = string
  ephemeral = true
}
` + account{name: name, body: fmt.Sprintf("  config_wo = { %s }\n  config_wo_version = %d", config, version)}.hcl()
}

func apiKeyVariable(value string) config.Variables {
	return config.Variables{"api_key": config.StringVariable(value)}
}

// Not parallel: it sets the process's log environment, which Terraform and the provider read.
func TestAccPoozleIntegrationAccount_writeOnlyConfigStaysOutOfStatePlanAndLogs(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	f := acctest.NewFake(t)
	secrets := leaksNone{"wo-key-1", "wo-key-2", "wo-key-3"}
	apiKeyIs := func(want string) func(fakeserver.PoozleIntegrationAccount) error {
		return configEquals(map[string]any{"api_key": want, "org": "acme"})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             checkNoAccounts(f),
		Steps: []resource.TestStep{
			{
				// A write-only config is checked against the specification at apply, before any create.
				Config:          f.Config(writeOnlyConfigOf("wo", 1, `api_key = var.api_key`)),
				ConfigVariables: apiKeyVariable("wo-key-1"),
				ExpectError:     acctest.ErrorMatching(`For auth type "Api Key", config_wo must set exactly the keys "api_key", "org": it lacks "org".`),
			},
			{
				Config:           f.Config(writeOnlyConfig("wo", 1)),
				ConfigVariables:  apiKeyVariable("wo-key-1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{secrets}},
				ConfigStateChecks: []statecheck.StateCheck{
					secrets,
					statecheck.ExpectKnownValue(address, tfjsonpath.New("config"), knownvalue.Null()),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("config_wo"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					checkHolds(f, "wo", apiKeyIs("wo-key-1")),
					f.CheckRequestCount(fakeserver.APIPoozle, "POST", "/v1/integration_account", 1),
				),
			},
			{
				// A new version sends the new config.
				Config:            f.Config(writeOnlyConfig("wo", 2)),
				ConfigVariables:   apiKeyVariable("wo-key-2"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{secrets, plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{secrets},
				Check:             checkHolds(f, "wo", apiKeyIs("wo-key-2")),
			},
			{
				// Without a new version, an update keeps the config the server holds.
				Config:            f.Config(writeOnlyConfig("wo-renamed", 2)),
				ConfigVariables:   apiKeyVariable("wo-key-3"),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{secrets, plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{secrets},
				Check:             checkHolds(f, "wo-renamed", apiKeyIs("wo-key-2")),
			},
		},
	})
	logs, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	// The provider's own TRACE lines, with their request bodies, must be there, or the check proves nothing.
	if !strings.Contains(string(logs), `accounts.poozle: sending request`) || !strings.Contains(string(logs), `\"config\":\"***\"`) {
		t.Fatalf("the TRACE log holds no Poozle request bodies (%d bytes)", len(logs))
	}
	for _, secret := range secrets {
		if strings.Contains(string(logs), secret) {
			t.Errorf("%q appears in the TRACE log", secret)
		}
	}
}

// postAccount creates an account on the server directly, as a create that was still running
// when its answer was lost would have.
func postAccount(f *acctest.Fake, name string) error {
	body := fmt.Sprintf(`{"workspaceId":%q,"integrationDefinitionId":%q,"integrationAccountName":%q,"authType":"Api Key",`+
		`"config":{"api_key":"key-1","org":"acme"}}`, fakeserver.PoozleWorkspaceID, fakeserver.PoozleGitHubDefinitionID, name)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, f.URL+"/poozle/v1/integration_account", strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+fakeserver.PoozleToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("direct create answered %d", resp.StatusCode)
	}
	return nil
}

func TestAccPoozleIntegrationAccount_unfinishedCreateIsResolvedByTheNextApply(t *testing.T) {
	t.Parallel()
	f := acctest.NewFake(t)
	f.AddFault(fakeserver.Fault{API: fakeserver.APIPoozle, Method: "POST", Path: "/v1/integration_account", Drop: "before", Times: 1})
	config := f.Config(account{name: "ci", body: apiKeyConfig}.hcl())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccounts(f),
		Steps: []resource.TestStep{
			{
				// Nothing shows within the look after the failure: the create is recorded, tainted.
				Config:      config,
				ExpectError: acctest.ErrorMatching(`The Poozle integration account creation did not finish`),
			},
			{
				// The lost create's account shows late. The replacement deletes it before creating
				// again, so the server ends with exactly one account.
				PreConfig: func() {
					if err := postAccount(f, "ci"); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionDestroyBeforeCreate)}},
				Check: resource.ComposeTestCheckFunc(
					checkHolds(f, "ci", nil),
					f.CheckRequestCount(fakeserver.APIPoozle, "DELETE", "/v1/integration_account/", 1),
				),
			},
		},
	})
}

func TestAccPoozleIntegrationAccount_destroyWaitsForACreateStillRunning(t *testing.T) {
	t.Parallel()
	f := behind(t, commitLate(15*time.Second))
	config := f.Config(account{name: "ci", body: apiKeyConfig + "\n  timeouts = { create = \"1s\" }"}.hcl())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkNoAccounts(f),
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: acctest.ErrorMatching(`The Poozle integration account creation did not finish`),
			},
			{
				// Neither the refresh nor the destroy's first look finds the account: the destroy
				// watches until the running create stores it, then deletes it.
				Config:  config,
				Destroy: true,
				Check:   f.CheckRequestCount(fakeserver.APIPoozle, "DELETE", "/v1/integration_account/", 1),
			},
		},
	})
}
