# By service account id, or by "name:<name>".
import {
  to = accounts_b3os_service_account.ci
  id = "name:ci-runner"
}
