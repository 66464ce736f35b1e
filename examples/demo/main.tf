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
