# The GitHub accounts of a workspace (terraform query, Terraform v1.14.0 and later).
list "accounts_poozle_integration_account" "github" {
  provider = accounts

  config {
    workspace_id              = "0a58f56e-3f59-4f4e-a8e1-a9e47aae5c3c"
    integration_definition_id = "5e4c8a1f-2b3d-4e6f-9a7b-8c9d0e1f2a3b"
  }
}
