# A service account for CI that reads and runs workflows.
resource "accounts_b3os_service_account" "ci" {
  name        = "ci-runner"
  description = "Runs workflows from CI"

  permissions = [
    "workflow:read",
    "workflow:execute",
    "run:read",
  ]
}

# Kept, but disabled.
resource "accounts_b3os_service_account" "reporting" {
  name        = "reporting"
  permissions = ["org:read", "run:read", "execution:read"]
  disabled    = true
}
