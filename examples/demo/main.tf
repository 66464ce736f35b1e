# The demo that `make demo` applies against the bundled fake server. The provider reads every
# setting from the environment variables that `accounts-fakeserver -print-env` prints.
terraform {
  required_providers {
    accounts = {
      source = "tf-accounts/accounts"
    }
  }
}

provider "accounts" {}

# A DelimitedFile source the fake server seeds, looked up by name: its id and account schema.
data "accounts_isc_source" "hr" {
  name = "HR Flat File"
}

resource "accounts_isc_account" "alice" {
  source_id = data.accounts_isc_source.hr.id
  attributes = {
    id          = "alice"
    displayName = "Alice Example"
    email       = "alice@example.com"
    groups      = ["staff", "vpn"]
  }
}

resource "accounts_isc_account" "bob" {
  source_id = data.accounts_isc_source.hr.id
  attributes = {
    id          = "bob"
    displayName = "Bob Example"
    email       = "bob@example.com"
  }
  disabled = true
}

resource "accounts_b3os_service_account" "ci" {
  name        = "demo-ci"
  description = "Runs workflows from CI"
  permissions = ["workflow:read", "workflow:execute", "run:read"]
}

output "isc_accounts" {
  value = {
    for a in [accounts_isc_account.alice, accounts_isc_account.bob] :
    a.native_identity => { id = a.id, name = a.name, disabled = a.disabled }
  }
}

variable "poozle_workspace_id" {
  description = "The Poozle workspace: the fake server seeds this one."
  type        = string
  default     = "0a58f56e-3f59-4f4e-a8e1-a9e47aae5c3c"
}

# The GitHub integration, looked up by key: its id and the config keys of each auth type.
data "accounts_poozle_integration_definition" "github" {
  workspace_id = var.poozle_workspace_id
  key          = "github"
}

# An OAuth2 GitHub account on the fake Poozle server's seeded workspace. The server rotates the
# refresh token after create, as Poozle does; the plan after apply still shows no changes.
resource "accounts_poozle_integration_account" "github" {
  workspace_id              = var.poozle_workspace_id
  integration_definition_id = data.accounts_poozle_integration_definition.github.id
  auth_type                 = "OAuth2"
  name                      = "GitHub (demo)"
  account_identifier        = "demo-github"

  config = {
    client_id     = "demo-client"
    client_secret = "demo-secret"
    refresh_token = "demo-refresh-token"
    scope         = "repo"
    org           = "demo-org"
  }
}

output "poozle_integration_account" {
  value = {
    id         = accounts_poozle_integration_account.github.id
    name       = accounts_poozle_integration_account.github.name
    created_at = accounts_poozle_integration_account.github.created_at
  }
}

output "b3os_service_account" {
  value = {
    id          = accounts_b3os_service_account.ci.id
    status      = accounts_b3os_service_account.ci.status
    permissions = accounts_b3os_service_account.ci.permissions
  }
}

variable "teal_password" {
  description = "The payroll password: any value the fake Teal accepts (all but \"wrong-password\")."
  type        = string
  default     = "demo-payroll-password"
  ephemeral   = true
  sensitive   = true
}

# The fake Teal seeds this user with an active authorisation.
data "accounts_teal_user" "jane" {
  email = "jane.fake@example.com"
}

# The payroll providers whose users log in with a password and are asked no MFA.
data "accounts_teal_payroll_providers" "plain" {
  login_method = "credentials"
  mfa_type     = "none"
}

resource "accounts_teal_payroll_account" "jane" {
  user_id             = data.accounts_teal_user.jane.user_id
  payroll_provider    = data.accounts_teal_payroll_providers.plain.names[0]
  user_name           = data.accounts_teal_user.jane.email
  password_wo         = var.teal_password
  password_wo_version = 1
  wait_for_active     = true

  lifecycle {
    precondition {
      condition     = data.accounts_teal_user.jane.authorised
      error_message = "Teal refuses payroll accounts of a user without an active authorisation: record one with POST /authorisations."
    }
  }
}

output "teal_payroll_account" {
  value = {
    id              = accounts_teal_payroll_account.jane.id
    status          = accounts_teal_payroll_account.jane.status
    latest_pay_date = accounts_teal_payroll_account.jane.latest_pay_date
  }
}
