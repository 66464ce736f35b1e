#!/usr/bin/env bash
# Builds a Terraform or OpenTofu release from the Go module proxy into bin/terraform-<version> or
# bin/tofu-<version>, for the acceptance tests on the newest Terraform and on OpenTofu (no release
# can be downloaded offline). `go install` refuses both modules because of their replace
# directives. Terraform builds inside a writable copy of its module, minus the nested remote-state
# backend modules the module zip lacks (s3, gcs, azurerm, ...; local, http, inmem, remote and
# cloud remain, which is all the tests need); OpenTofu builds as it is, in the module cache.
# Recipe: docs in the project's toolchain notes.
# Usage: scripts/build-cli.sh terraform|tofu vX.Y.Z [out-dir]. Skips the build when the binary exists.
set -euo pipefail

cli=${1:?usage: $0 terraform|tofu vX.Y.Z [out-dir]}
version=${2:?usage: $0 terraform|tofu vX.Y.Z [out-dir]}
out=${3:-$(dirname "$0")/../bin}
case $cli in
  terraform) module=github.com/hashicorp/terraform package=. ;;
  tofu) module=github.com/opentofu/opentofu package=./cmd/tofu ;;
  *) echo "$0: build terraform or tofu, not $cli" >&2; exit 2 ;;
esac
mkdir -p "$out"
out=$(cd "$out" && pwd)
bin="$out/$cli-$version"
if [ -x "$bin" ]; then
  echo "$bin exists"
  exit 0
fi

src=$(go mod download -json "$module@$version" |
  python3 -c 'import json,sys; m=json.load(sys.stdin); print(m.get("Dir") or sys.exit(m.get("Error", "no Dir")))')
if [ "$cli" = terraform ]; then
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
  cp -r "$src" "$work/src"
  chmod -R u+w "$work/src"
  src=$work/src
  cd "$src"
  # Nested modules (remote-state backends and a few internal packages) are not in the module zip.
  mods=$(grep -oE '^\s*github.com/hashicorp/terraform/internal/[a-z0-9/-]+ ' go.mod | sort -u)
  for m in $mods; do go mod edit -droprequire="$m" -dropreplace="$m"; done
  # Go 1.26 rejects this godebug setting.
  if grep -q tlskyber go.mod; then go mod edit -dropgodebug=tlskyber; fi
  # Drop the imports and constructors of the remote-state backends removed above.
  names=$(for m in $mods; do
    case $m in */remote-state/*)
      grep -oE "backend[A-Za-z0-9]+ \"$m\"" internal/backend/init/init.go | awk '{print $1}' | sed 's/^backend//' ;;
    esac
  done | paste -sd'|')
  sed -i -E "/backend($names) \"github.com/d; /return backend($names)\.New\(/d" internal/backend/init/init.go
fi
cd "$src"

echo "building $cli $version (a few minutes)"
start=$SECONDS
GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w -X $module/version.dev=no" -o "$bin.tmp" "$package"
mv "$bin.tmp" "$bin"
echo "built $cli $version in $((SECONDS - start)) s"
"$bin" version | sed -n 1p # sed reads it all: head could end the CLI with SIGPIPE under pipefail
