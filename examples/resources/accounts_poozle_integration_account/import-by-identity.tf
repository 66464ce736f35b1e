# By resource identity (Terraform v1.12.0 and later): the integration account id.
import {
  to = accounts_poozle_integration_account.github
  identity = {
    id = "8d5f0c3a-6b2e-4f1d-9a7c-3e4b5a6c7d8e"
  }
}
