# The payroll accounts a Teal user has linked (terraform query, Terraform v1.14.0 and later).
# data "accounts_teal_user" "jane" is declared in a .tf file beside this one; terraform query reads it first.
list "accounts_teal_payroll_account" "jane" {
  provider = accounts

  config {
    user_id = data.accounts_teal_user.jane.user_id
  }
}
