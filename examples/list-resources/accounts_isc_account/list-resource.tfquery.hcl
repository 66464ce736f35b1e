# All accounts of a source (terraform query, Terraform v1.14.0 and later).
# data "accounts_isc_source" "hr" is declared in a .tf file beside this one; terraform query reads it first.
list "accounts_isc_account" "hr" {
  provider = accounts
  limit    = 1000 # Terraform's default is 100

  config {
    source_id = data.accounts_isc_source.hr.id
  }
}

# Service accounts of the same source that are not correlated with an identity.
list "accounts_isc_account" "services" {
  provider         = accounts
  include_resource = true

  config {
    source_id = data.accounts_isc_source.hr.id
    filters   = "nativeIdentity sw \"svc-\" and uncorrelated eq true"
  }
}
