variable "github_api_key" {
  type      = string
  sensitive = true
}

variable "workspace_id" {
  type = string
}

# The integration, looked up by key: its id, and the config keys of each auth type.
data "accounts_poozle_integration_definition" "github" {
  workspace_id = var.workspace_id
  key          = "github"
}

# A GitHub account authenticated by API key. The config keys are the integration's inputs for
# the auth type; a missing or unknown key fails the plan.
resource "accounts_poozle_integration_account" "github" {
  workspace_id              = var.workspace_id
  integration_definition_id = data.accounts_poozle_integration_definition.github.id
  auth_type                 = "Api Key"
  name                      = "GitHub (acme)"
  account_identifier        = "acme-github"

  config = {
    api_key = var.github_api_key
    org     = "acme"
  }

  sync_enabled = true
  sync_period  = "EVERY_HOUR"
}

variable "jira_api_key" {
  type      = string
  ephemeral = true # never written to the plan or state
}

# A Jira account whose credentials never reach the state: config_wo is write-only. Bump
# config_wo_version to send a changed config_wo.
data "accounts_poozle_integration_definition" "jira" {
  workspace_id = var.workspace_id
  name         = "Jira"
}

resource "accounts_poozle_integration_account" "jira" {
  workspace_id              = var.workspace_id
  integration_definition_id = data.accounts_poozle_integration_definition.jira.id
  auth_type                 = "Api Key"
  name                      = "Jira (acme)"

  config_wo = {
    email_id    = "ops@acme.example"
    api_key     = var.jira_api_key
    jira_domain = "acme.atlassian.net"
  }
  config_wo_version = 1

  timeouts = {
    create = "5m"
  }
}
