resource "accounts_b3os_service_account" "ci" {
  name        = "ci-runner"
  permissions = ["org:read", "workflow:read", "workflow:execute", "run:read"]
}

# A key for CI, rotated every quarter: changing keepers mints a new key and revokes the old one.
# create_before_destroy mints the new key first, so that whatever reads the key from this
# configuration's state never meets a moment without a valid one.
resource "accounts_b3os_api_key" "ci" {
  service_account_id = accounts_b3os_service_account.ci.id
  name               = "ci-runner"
  description        = "Used by the CI pipeline"
  scope              = "read-write"

  keepers = {
    quarter = "2026-Q4"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# Hand the secret to the CI system, never to an output printed in clear.
output "ci_key" {
  value     = accounts_b3os_api_key.ci.key
  sensitive = true
}
