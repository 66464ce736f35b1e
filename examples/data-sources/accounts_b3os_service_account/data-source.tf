# A service account managed elsewhere, looked up by name (or by id = "sa_...").
data "accounts_b3os_service_account" "template" {
  name = "ci-template"
}

# A new service account with the same permissions.
resource "accounts_b3os_service_account" "ci" {
  name        = "ci-runner"
  permissions = data.accounts_b3os_service_account.template.permissions
}
