variable "deployer_service_account_id" {
  description = "An existing service account with the permissions the deployment needs (sa_...)."
  type        = string
}

# A key that lives only while Terraform runs (Terraform v1.10.0 and later): minted when the run
# needs it, revoked when the run ends, and never written to state or to a plan file.
ephemeral "accounts_b3os_api_key" "deployer" {
  service_account_id = var.deployer_service_account_id
  scope              = "read-write"
  lifetime           = "30m" # should the run crash before it revokes the key
}

# A second provider configuration that acts as the deployer service account.
provider "accounts" {
  alias = "deployer"
  b3os = {
    api_key         = ephemeral.accounts_b3os_api_key.deployer.key
    organization_id = "org_5e8d2a"
  }
}

resource "accounts_b3os_service_account" "made_by_deployer" {
  provider    = accounts.deployer
  name        = "nightly-reports"
  permissions = ["run:read"]
}
