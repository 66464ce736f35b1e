# By resource identity (Terraform v1.12.0 and later): the key id.
import {
  to = accounts_b3os_api_key.legacy
  identity = {
    id = "ak_7c1e9a3f5b2d"
  }
}
