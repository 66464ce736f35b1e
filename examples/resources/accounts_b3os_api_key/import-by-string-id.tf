# By key id. The secret is not imported: B3OS shows it only when it mints the key.
import {
  to = accounts_b3os_api_key.legacy
  id = "ak_7c1e9a3f5b2d"
}
