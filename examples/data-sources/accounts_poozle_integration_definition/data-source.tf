variable "workspace_id" {
  type = string
}

# The GitHub integration a workspace can use, looked up by key (or by name = "Github").
data "accounts_poozle_integration_definition" "github" {
  workspace_id = var.workspace_id
  key          = "github"
}

resource "accounts_poozle_integration_account" "github" {
  workspace_id              = var.workspace_id
  integration_definition_id = data.accounts_poozle_integration_definition.github.id
  auth_type                 = "Api Key"
  name                      = "acme-github"

  config = {
    api_key = var.github_token
    org     = "acme"
  }
}

variable "github_token" {
  type      = string
  sensitive = true
}

# The keys config must set for each auth type, such as { "Api Key" = ["api_key", "org"], ... }.
output "github_config_keys" {
  value = { for name, auth in data.accounts_poozle_integration_definition.github.auth_types : name => auth.config_keys }
}
