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

variable "isc_source_id" {
  description = "A DelimitedFile source: the fake server seeds this one."
  type        = string
  default     = "2c91808a7c1e4b5d017c1e4b5d8a0001"
}

resource "accounts_isc_account" "alice" {
  source_id = var.isc_source_id
  attributes = {
    id          = "alice"
    displayName = "Alice Example"
    email       = "alice@example.com"
    groups      = ["staff", "vpn"]
  }
}

resource "accounts_isc_account" "bob" {
  source_id = var.isc_source_id
  attributes = {
    id          = "bob"
    displayName = "Bob Example"
    email       = "bob@example.com"
  }
  disabled = true
}

output "isc_accounts" {
  value = {
    for a in [accounts_isc_account.alice, accounts_isc_account.bob] :
    a.native_identity => { id = a.id, name = a.name, disabled = a.disabled }
  }
}

variable "teal_password" {
  description = "The payroll password: any value the fake Teal accepts (all but \"wrong-password\")."
  type        = string
  default     = "demo-payroll-password"
  ephemeral   = true
  sensitive   = true
}

# The fake Teal seeds this user with an active authorisation; quickbooks asks no MFA.
resource "accounts_teal_payroll_account" "jane" {
  user_id             = "95a0e70b-fe02-4f47-aef9-2efff279df71"
  payroll_provider    = "quickbooks"
  user_name           = "jane.fake@example.com"
  password_wo         = var.teal_password
  password_wo_version = 1
  wait_for_active     = true
}

output "teal_payroll_account" {
  value = {
    id              = accounts_teal_payroll_account.jane.id
    status          = accounts_teal_payroll_account.jane.status
    latest_pay_date = accounts_teal_payroll_account.jane.latest_pay_date
  }
}
