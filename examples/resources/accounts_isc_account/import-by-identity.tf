# By resource identity (Terraform v1.12.0 and later): the account id.
import {
  to = accounts_isc_account.jdoe
  identity = {
    id = "2c9180835d2e5168015d32f890ca1581"
  }
}
