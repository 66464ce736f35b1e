# All accounts of a source (terraform query, Terraform v1.14.0 and later).
list "accounts_isc_account" "hr" {
  provider = accounts
  limit    = 1000 # Terraform's default is 100

  config {
    source_id = "2c91808a7c1e4b5d017c1e4b5d8a0001"
  }
}

# Service accounts of the same source that are not correlated with an identity.
list "accounts_isc_account" "services" {
  provider         = accounts
  include_resource = true

  config {
    source_id = "2c91808a7c1e4b5d017c1e4b5d8a0001"
    filters   = "nativeIdentity sw \"svc-\" and uncorrelated eq true"
  }
}
