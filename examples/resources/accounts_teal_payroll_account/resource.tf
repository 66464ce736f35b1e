# Secrets come from ephemeral variables: Terraform never stores them in state or plan files.
variable "payroll_password" {
  type      = string
  ephemeral = true
  sensitive = true
}

variable "mfa_answer" {
  description = "The answer to mfa_method, once the first apply has shown it (for example a code sent by SMS)."
  type        = string
  ephemeral   = true
  sensitive   = true
  default     = null
}

variable "mfa_answer_version" {
  description = "Raise by one with each new mfa_answer: a change submits it."
  type        = number
  default     = null
}

# The Teal user, looked up by the email they were created with.
data "accounts_teal_user" "jane" {
  email = "jane.smith@company.com"
}

# A provider that logs in with credentials and may ask for MFA.
resource "accounts_teal_payroll_account" "jane" {
  user_id          = data.accounts_teal_user.jane.user_id
  payroll_provider = "adp"
  user_name        = "jane.smith@company.com"

  password_wo         = var.payroll_password
  password_wo_version = 1

  # Second apply, once mfa_method has asked for a code:
  #   TF_VAR_mfa_answer=246810 TF_VAR_mfa_answer_version=1 terraform apply
  # (secrets in TF_VAR_ variables, never -var: Terraform logs its command line)
  mfa_response_wo         = var.mfa_answer
  mfa_response_wo_version = var.mfa_answer_version

  wait_for_active = true

  timeouts = {
    create = "5m"
    update = "5m"
  }
}

# Dayforce needs the company name.
resource "accounts_teal_payroll_account" "dayforce" {
  user_id            = data.accounts_teal_user.jane.user_id
  payroll_provider   = "dayforce"
  user_name          = "jane.smith"
  extra_login_params = { company_name = "ACME Corp" }
  from               = "2024-01-01T00:00:00Z"

  password_wo         = var.payroll_password
  password_wo_version = 1
}

# An OAuth2 provider: no credentials; the user consents at authorization_url.
resource "accounts_teal_payroll_account" "xero" {
  user_id          = data.accounts_teal_user.jane.user_id
  payroll_provider = "xero"
}

output "xero_consent_url" {
  value = accounts_teal_payroll_account.xero.authorization_url
}

output "jane_mfa_question" {
  value = accounts_teal_payroll_account.jane.mfa_method
}
