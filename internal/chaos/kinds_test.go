package chaos

import (
	"fmt"
	"net/http"

	"github.com/tf-accounts/terraform-provider-accounts/internal/fakeserver"
)

// kind is one resource type as the suite drives it: a configuration block per object, the
// objects the server holds, the routes faults target, and the changes made behind Terraform's
// back.
type kind struct {
	typ    string
	api    string
	block  func(name, value string) string // a resource block whose natural key derives from name and whose managed attribute holds value
	key    func(name string) string        // the natural key of the object the block named name makes
	held   func(fakeserver.State) []object // the server's objects of this type, seeds included
	create route
	update route
	delete route
	remove func(s *fakeserver.Server, id string)
	change func(s *fakeserver.Server, id string) // changes a managed attribute; nil when the fake offers no way
	// secrets are the secret values the blocks named names hold (write-only attributes).
	secrets func(names []string) []string
	// credential is the provider's secret credential for the kind's API.
	credential string
	// uniqueKey: the API refuses a second object with the same natural key, so an object a lost
	// apply made can be found and reported instead of duplicated.
	uniqueKey bool
}

// object is a server object: its id and natural key.
type object struct{ id, key string }

type route struct{ method, path string }

// objectsOf maps the server's items to objects, keeping those whose mapping says so.
func objectsOf[T any](items []T, of func(T) (object, bool)) []object {
	var out []object
	for _, item := range items {
		if o, keep := of(item); keep {
			out = append(out, o)
		}
	}
	return out
}

// kinds lists every resource type on main.
var kinds = []kind{iscAccount, poozleIntegrationAccount, b3osServiceAccount, b3osAPIKey, tealPayrollAccount}

var iscAccount = kind{
	typ:        "accounts_isc_account",
	api:        fakeserver.APIISC,
	credential: fakeserver.ISCClientSecret,
	uniqueKey:  true,
	block: func(name, value string) string {
		return fmt.Sprintf(`
resource "accounts_isc_account" %q {
  source_id = %q
  attributes = {
    id          = %q
    displayName = %q
  }
}
`, name, fakeserver.ISCFlatFileSourceID, "chaos-"+name, value)
	},
	key: func(name string) string { return fakeserver.ISCFlatFileSourceID + "/chaos-" + name },
	held: func(s fakeserver.State) []object {
		return objectsOf(s.ISC.Accounts, func(a fakeserver.ISCAccount) (object, bool) {
			return object{id: a.ID, key: a.SourceID + "/" + a.NativeIdentity}, true
		})
	},
	create: route{http.MethodPost, "/accounts/v1"},
	update: route{http.MethodPut, "/accounts/v1/"},
	delete: route{http.MethodDelete, "/accounts/v1/"},
	remove: func(s *fakeserver.Server, id string) { s.RemoveISCAccount(id) },
	change: func(s *fakeserver.Server, id string) {
		s.SetISCAccountAttribute(id, "displayName", "changed behind Terraform's back")
	},
	secrets: func([]string) []string { return nil },
}

// poozleIntegrationAccount keeps its config write-only: the config values are secrets the audit
// looks for. value picks the sync period. Poozle does not require names to be unique.
var poozleIntegrationAccount = kind{
	typ:        "accounts_poozle_integration_account",
	api:        fakeserver.APIPoozle,
	credential: fakeserver.PoozleToken,
	block: func(name, value string) string {
		return fmt.Sprintf(`
resource "accounts_poozle_integration_account" %q {
  workspace_id              = %q
  integration_definition_id = %q
  auth_type                 = "Api Key"
  name                      = %q
  config_wo                 = { api_key = %q, org = "acme" }
  config_wo_version         = 1
  sync_period               = %q
}
`, name, fakeserver.PoozleWorkspaceID, fakeserver.PoozleGitHubDefinitionID, "chaos-"+name, poozleSecret(name), poozleSyncPeriods[value])
	},
	key: func(name string) string { return "chaos-" + name },
	held: func(s fakeserver.State) []object {
		return objectsOf(s.Poozle.IntegrationAccounts, func(a fakeserver.PoozleIntegrationAccount) (object, bool) {
			return object{id: a.IntegrationAccountID, key: a.IntegrationAccountName}, a.Deleted == nil // deletes are soft
		})
	},
	create: route{http.MethodPost, "/v1/integration_account"},
	update: route{http.MethodPost, "/v1/integration_account/"},
	delete: route{http.MethodDelete, "/v1/integration_account/"},
	remove: func(s *fakeserver.Server, id string) { s.RemovePoozleAccount(id) },
	secrets: func(names []string) []string {
		return secretsFor(names, poozleSecret)
	},
}

var poozleSyncPeriods = map[string]string{"v1": "EVERY_HOUR", "v2": "EVERY_DAY"}

func poozleSecret(name string) string { return "poozle-config-secret-" + name }

// b3osServiceAccount's value is its description; drift changes its permissions.
var b3osServiceAccount = kind{
	typ:        "accounts_b3os_service_account",
	api:        fakeserver.APIB3OS,
	credential: fakeserver.B3OSAPIKey,
	uniqueKey:  true,
	block: func(name, value string) string {
		return fmt.Sprintf(`
resource "accounts_b3os_service_account" %q {
  name        = %q
  description = %q
  permissions = ["run:read"]
}
`, name, "chaos-"+name, value)
	},
	key: func(name string) string { return "chaos-" + name },
	held: func(s fakeserver.State) []object {
		return objectsOf(s.B3OS.ServiceAccounts, func(a fakeserver.B3OSServiceAccount) (object, bool) {
			return object{id: a.ID, key: a.Name}, true
		})
	},
	create:  route{http.MethodPost, "/v1/service-accounts"},
	update:  route{http.MethodPatch, "/v1/service-accounts/"},
	delete:  route{http.MethodDelete, "/v1/service-accounts/"},
	remove:  func(s *fakeserver.Server, id string) { s.RemoveB3OSServiceAccount(id) },
	change:  func(s *fakeserver.Server, id string) { s.SetB3OSServiceAccountPermissions(id, []string{"run:write"}) },
	secrets: func([]string) []string { return nil },
}

// b3osAPIKey is a key of a service account of its own, declared beside it; value is a keeper,
// so a change replaces the key (B3OS cannot change one): there is no update route. The objects
// are the active keys: a revoked one stays only as a record. The key's secret lives in state by
// design, so the audit cannot look for it there; the b3os package's tests audit logs and plans.
var b3osAPIKey = kind{
	typ:        "accounts_b3os_api_key",
	api:        fakeserver.APIB3OS,
	credential: fakeserver.B3OSAPIKey,
	block: func(name, value string) string {
		return fmt.Sprintf(`
resource "accounts_b3os_service_account" "sa_%[1]s" {
  name        = "chaos-sa-%[1]s"
  permissions = ["run:read"]
}

resource "accounts_b3os_api_key" %[1]q {
  service_account_id = accounts_b3os_service_account.sa_%[1]s.id
  name               = "chaos-%[1]s"
  scope              = "read"
  keepers            = { value = %[2]q }
}
`, name, value)
	},
	key: func(name string) string { return "chaos-" + name },
	held: func(s fakeserver.State) []object {
		return objectsOf(s.B3OS.APIKeys, func(k fakeserver.B3OSKey) (object, bool) {
			return object{id: k.ID, key: k.Name}, k.Status == "active"
		})
	},
	create:  route{http.MethodPost, "/v1/api-keys"},
	delete:  route{http.MethodDelete, "/v1/api-keys/"},
	remove:  func(s *fakeserver.Server, id string) { s.RevokeB3OSAPIKey(id) },
	secrets: func([]string) []string { return nil },
}

// tealPayrollAccount logs in with a write-only password, a secret the audit looks for. Teal has
// no update (every change replaces the account) and no deletion (a DELETE is refused and the
// account stays), so the update and delete scenarios do not apply; value is unused. Nothing in
// Teal's API makes a login unique.
var tealPayrollAccount = kind{
	typ:        "accounts_teal_payroll_account",
	api:        fakeserver.APITeal,
	credential: fakeserver.TealAPIKey,
	block: func(name, _ string) string {
		return fmt.Sprintf(`
resource "accounts_teal_payroll_account" %q {
  user_id             = %q
  payroll_provider    = %q
  user_name           = %q
  password_wo         = %q
  password_wo_version = 1
}
`, name, fakeserver.TealUserID, fakeserver.TealProviderCredentials, "chaos-"+name, tealSecret(name))
	},
	key: func(name string) string { return "chaos-" + name },
	held: func(s fakeserver.State) []object {
		return objectsOf(s.Teal.Accounts, func(a fakeserver.TealAccountRecord) (object, bool) {
			return object{id: a.AccountID, key: a.UserName}, true
		})
	},
	create: route{http.MethodPost, "/accounts"},
	remove: func(s *fakeserver.Server, id string) { s.RemoveTealAccount(id) },
	secrets: func(names []string) []string {
		return secretsFor(names, tealSecret)
	},
}

func tealSecret(name string) string { return "teal-password-secret-" + name }

// secretsFor lists the secret of each name.
func secretsFor(names []string, secret func(string) string) []string {
	out := make([]string, len(names))
	for i, name := range names {
		out[i] = secret(name)
	}
	return out
}
