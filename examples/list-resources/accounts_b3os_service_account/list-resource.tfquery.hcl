# The organization's active CI service accounts (terraform query, Terraform v1.14.0 and later).
list "accounts_b3os_service_account" "ci" {
  provider = accounts
  limit    = 500

  config {
    name_prefix = "ci-"
    status      = "active"
  }
}
