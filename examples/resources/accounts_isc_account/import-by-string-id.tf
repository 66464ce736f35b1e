# By account id, or by "<source_id>:<native_identity>".
import {
  to = accounts_isc_account.jdoe
  id = "2c91808a7c1e4b5d017c1e4b5d8a0001:jdoe"
}
