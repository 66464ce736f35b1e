# The GitHub accounts of a workspace (terraform query, Terraform v1.14.0 and later).
# data "accounts_poozle_integration_definition" "github" is declared in a .tf file beside this one; terraform query reads it first.
list "accounts_poozle_integration_account" "github" {
  provider = accounts

  config {
    workspace_id              = data.accounts_poozle_integration_definition.github.workspace_id
    integration_definition_id = data.accounts_poozle_integration_definition.github.id
  }
}
