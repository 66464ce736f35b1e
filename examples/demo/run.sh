#!/usr/bin/env bash
# Runs the demo offline: starts the fake server on a free loopback port, points a dev_overrides
# CLI configuration at the freshly built provider, applies, shows that a second plan is empty,
# destroys, and stops the server. Usage: run.sh <folder holding both binaries>.
set -euo pipefail

bin=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
command -v terraform >/dev/null || { echo "terraform is not on PATH: install Terraform 1.11 or later" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=../../scripts/fakeserver.sh
source "$here/../../scripts/fakeserver.sh"
start_fakeserver "$bin/accounts-fakeserver" "$work"
echo "==> fake server: ${SAILPOINT_BASE_URL%/isc}"

cat >"$work/dev.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "tf-accounts/accounts" = "$bin"
  }
  direct {}
}
disable_checkpoint = true
TFRC
export TF_CLI_CONFIG_FILE="$work/dev.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
[ -t 1 ] || export TF_CLI_ARGS="-no-color" # plain text in logs
mkdir "$work/config"
cp "$here"/*.tf "$work/config/"
tf() { terraform -chdir="$work/config" "$@"; }

echo "==> terraform apply"
tf apply -auto-approve -input=false
echo "==> terraform output"
tf output
echo "==> terraform plan -detailed-exitcode (expecting no changes)"
set +e
tf plan -detailed-exitcode -input=false
plan_status=$?
set -e
if [ "$plan_status" -ne 0 ]; then
  echo "demo: the plan after apply is not empty (exit code $plan_status)" >&2
  exit 1
fi
echo "==> terraform destroy"
tf destroy -auto-approve -input=false
echo "==> demo finished: applied, nothing left to change, destroyed"
