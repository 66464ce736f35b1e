# An account on a flat-file (DelimitedFile) source, whose account schema identifies accounts by "id".
resource "accounts_isc_account" "jdoe" {
  source_id = "2c91808a7c1e4b5d017c1e4b5d8a0001"

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
  source_id                 = "2c91808a7c1e4b5d017c1e4b5d8a0001"
  native_identity_attribute = "id"

  attributes = {
    id          = "contractor-42"
    displayName = "Contractor 42"
  }

  disabled = true
}
