# A flat-file (DelimitedFile) source, looked up by name; its account schema identifies accounts by "id".
data "accounts_isc_source" "hr" {
  name = "HR Flat File"
}

resource "accounts_isc_account" "jdoe" {
  source_id = data.accounts_isc_source.hr.id

  attributes = {
    id          = "jdoe"
    displayName = "John Doe"
    email       = "john.doe@example.com"
    groups      = ["staff", "vpn"]
  }

  timeouts = {
    create = "15m"
  }
}

# Disabled through ISC's disable task; the identity attribute named explicitly.
resource "accounts_isc_account" "contractor" {
  source_id                 = data.accounts_isc_source.hr.id
  native_identity_attribute = data.accounts_isc_source.hr.identity_attribute

  attributes = {
    id          = "contractor-42"
    displayName = "Contractor 42"
  }

  disabled = true
}
