# The active keys of a service account (terraform query, Terraform v1.14.0 and later).
list "accounts_b3os_api_key" "ci" {
  provider = accounts

  config {
    service_account_id = "sa_3f9a1c7e5b2d"
  }
}
