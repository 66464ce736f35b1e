# Unlock an account that failed logins locked (Terraform v1.14.0 and later):
#   terraform apply -invoke=action.accounts_isc_account_unlock.jdoe
action "accounts_isc_account_unlock" "jdoe" {
  config {
    account_id         = "2c9180835d2e5168015d32f890ca1581"
    unlock_idn_account = true # the ISC login too
  }
}

# Or unlock an account whenever Terraform changes it, such as when it enables it again. caller is
# the account that triggers the action (Terraform v1.16.0 and later).
action "accounts_isc_account_unlock" "on_change" {
  config {
    account_id = caller.id
  }
}

resource "accounts_isc_account" "contractor" {
  source_id  = "2c91808a7c1e4b5d017c1e4b5d8a0002" # a source with the UNLOCK feature
  attributes = { sAMAccountName = "contractor1", displayName = "Contractor One" }
  disabled   = false

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.accounts_isc_account_unlock.on_change]
    }
  }
}
