# Reload an account from its source's connector (Terraform v1.14.0 and later).
action "accounts_isc_account_reload" "jdoe" {
  config {
    account_id = "2c9180835d2e5168015d32f890ca1581"
  }
}

# Run it on its own:
#   terraform apply -invoke=action.accounts_isc_account_reload.jdoe

# Or after every change to an account, so that ISC shows what the directory holds beyond the
# attributes Terraform manages. caller is the account that triggers the action (Terraform
# v1.16.0 and later).
action "accounts_isc_account_reload" "after_change" {
  config {
    account_id = caller.id
  }
}

resource "accounts_isc_account" "jdoe" {
  source_id  = "2c91808a7c1e4b5d017c1e4b5d8a0002" # a direct (Active Directory) source
  attributes = { sAMAccountName = "jdoe", displayName = "John Doe" }

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.accounts_isc_account_reload.after_change]
    }
  }
}
