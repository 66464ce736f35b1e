# The payroll accounts a Teal user has linked (terraform query, Terraform v1.14.0 and later).
list "accounts_teal_payroll_account" "jane" {
  provider = accounts

  config {
    user_id = "95a0e70b-fe02-4f47-aef9-2efff279df71"
  }
}
