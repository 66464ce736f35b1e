# By resource identity (Terraform v1.12.0 and later): the service account id.
import {
  to = accounts_b3os_service_account.deployer
  identity = {
    id = "sa_3f9a1c7e5b2d"
  }
}
