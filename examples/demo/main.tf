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

output "b3os_service_account" {
  value = {
    id          = accounts_b3os_service_account.ci.id
    status      = accounts_b3os_service_account.ci.status
    permissions = accounts_b3os_service_account.ci.permissions
  }
}
