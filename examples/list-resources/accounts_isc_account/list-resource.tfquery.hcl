# All accounts of a source (terraform query, Terraform v1.14.0 and later).
list "accounts_isc_account" "hr" {
  provider = accounts
  limit    = 1000 # Terraform's default is 100

  config {
    source_id = "2c9180835d2e5168015d32f890ca1581"
  }
}

# Service accounts of the same source that are not correlated with an identity.
list "accounts_isc_account" "services" {
  provider         = accounts
  include_resource = true

  config {
    source_id = "2c9180835d2e5168015d32f890ca1581"
    filters   = "nativeIdentity sw \"svc-\" and uncorrelated eq true"
  }
}
