# By resource identity (Terraform v1.12.0 and later): the user id and the account id.
import {
  to = accounts_teal_payroll_account.jane
  identity = {
    user_id    = "95a0e70b-fe02-4f47-aef9-2efff279df71"
    account_id = "0c6f8a3e-52d1-4b7a-9e2f-6a1d3c5b7e90"
  }
}
