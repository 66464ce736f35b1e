# The providers whose users log in with a user name and password and are asked no MFA.
data "accounts_teal_payroll_providers" "plain" {
  login_method = "credentials"
  mfa_type     = "none"
}

locals {
  # Dayforce, for one, requires extra_login_params.company_name.
  dayforce = one([for p in data.accounts_teal_payroll_providers.plain.payroll_providers : p if p.name == "dayforce"])
}

resource "accounts_teal_payroll_account" "dayforce" {
  user_id             = var.user_id
  payroll_provider    = local.dayforce.name
  extra_login_params  = { for key in local.dayforce.required_extra_login_params : key => var.company_name }
  user_name           = "jane@example.com"
  password_wo         = var.password
  password_wo_version = 1
}

variable "user_id" {
  type = string
}

variable "company_name" {
  type = string
}

variable "password" {
  type      = string
  ephemeral = true
  sensitive = true
}
