# Reload an account from its source's connector (Terraform v1.14.0 and later).
action "accounts_isc_account_reload" "jdoe" {
  config {
    account_id = accounts_isc_account.jdoe.id
  }
}

# Run it on its own:
#   terraform apply -invoke=action.accounts_isc_account_reload.jdoe

# Or after every change to the account, so that ISC shows what the directory holds beyond the
# attributes Terraform manages.
resource "accounts_isc_account" "jdoe" {
  source_id  = "2c91808a7c1e4b5d017c1e4b5d8a0002" # a direct (Active Directory) source
  attributes = { sAMAccountName = "jdoe", displayName = "John Doe" }

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.accounts_isc_account_reload.jdoe]
    }
  }
}
