data "accounts_isc_source" "hr" {
  name = "HR Flat File"
}

# An account Terraform does not manage, looked up by its native identity on the source.
data "accounts_isc_account" "manager" {
  source_id       = data.accounts_isc_source.hr.id
  native_identity = "jsmith"
}

resource "accounts_isc_account" "report" {
  source_id = data.accounts_isc_source.hr.id

  attributes = {
    id          = "jdoe"
    displayName = "John Doe"
    manager     = data.accounts_isc_account.manager.native_identity
    groups      = data.accounts_isc_account.manager.attributes.groups
  }
}

# The same kind of lookup by the id ISC gave the account.
data "accounts_isc_account" "by_id" {
  id = "2c91808a90e6a1f0019a0e6b3c4d0001"
}
