# By account id, or by "<source_id>:<native_identity>".
import {
  to = accounts_isc_account.jdoe
  id = "2c9180835d2e5168015d32f890ca1581:jdoe"
}
