# By resource identity (Terraform v1.12.0 and later): the account id.
import {
  to = accounts_isc_account.jdoe
  identity = {
    id = "2c9180867a8b4b3c017a8c1f2f6a0042" # the account id, not its source's id
  }
}
