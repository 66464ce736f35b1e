#!/usr/bin/env bash
# Builds a Terraform release from the Go module proxy into bin/terraform-<version>, for the acceptance
# tests on the newest Terraform (no Terraform release can be downloaded offline). `go install` refuses
# the module because of its replace directives, so this builds inside a writable copy of it, minus the
# nested remote-state backend modules the module zip lacks (s3, gcs, azurerm, ...; local, http, inmem,
# remote and cloud remain, which is all the tests need). Recipe: docs in the project's toolchain notes.
# Usage: scripts/build-terraform.sh v1.16.2 [out-dir]. Skips the build when the binary exists.
set -euo pipefail

version=${1:?usage: $0 vX.Y.Z [out-dir]}
out=${2:-$(dirname "$0")/../bin}
mkdir -p "$out"
out=$(cd "$out" && pwd)
bin="$out/terraform-$version"
if [ -x "$bin" ]; then
  echo "$bin exists"
  exit 0
fi

src=$(go mod download -json "github.com/hashicorp/terraform@$version" |
  python3 -c 'import json,sys; m=json.load(sys.stdin); print(m.get("Dir") or sys.exit(m.get("Error", "no Dir")))')
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$src" "$work/src"
chmod -R u+w "$work/src"
cd "$work/src"

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

echo "building Terraform $version (a few minutes)"
GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$bin.tmp" .
mv "$bin.tmp" "$bin"
"$bin" version | sed -n 1p # sed reads it all: head could end terraform with SIGPIPE under pipefail
