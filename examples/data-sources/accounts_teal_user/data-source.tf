# The user, looked up by the email they were created with (or by user_id).
data "accounts_teal_user" "jane" {
  email = "jane@example.com"
}

resource "accounts_teal_payroll_account" "jane" {
  user_id             = data.accounts_teal_user.jane.user_id
  payroll_provider    = "quickbooks"
  user_name           = data.accounts_teal_user.jane.email
  password_wo         = var.password
  password_wo_version = 1

  # Teal refuses to create the account without an active authorisation: fail the plan instead.
  lifecycle {
    precondition {
      condition     = data.accounts_teal_user.jane.authorised
      error_message = "The user has no active Teal authorisation: record one with POST /authorisations first."
    }
  }
}

variable "password" {
  type      = string
  ephemeral = true
  sensitive = true
}
