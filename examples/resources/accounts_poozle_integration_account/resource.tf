variable "github_api_key" {
  type      = string
  sensitive = true
}

# A GitHub account authenticated by API key. The config keys are the integration's inputs for
# the auth type; a missing or unknown key fails the plan.
resource "accounts_poozle_integration_account" "github" {
  workspace_id              = "0a58f56e-3f59-4f4e-a8e1-a9e47aae5c3c"
  integration_definition_id = "5e4c8a1f-2b3d-4e6f-9a7b-8c9d0e1f2a3b"
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
resource "accounts_poozle_integration_account" "jira" {
  workspace_id              = "0a58f56e-3f59-4f4e-a8e1-a9e47aae5c3c"
  integration_definition_id = "7a9b0c1d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
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
