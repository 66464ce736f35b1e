#!/usr/bin/env bash
# Builds Mastercard/terraform-provider-restapi v1.20.0, the peer `make bench` compares with, from
# the Go module proxy in a throwaway module (go install …@v1.20.0 is refused: its go.mod has
# replace directives). Usage: build-peer.sh <bin folder>. Nothing is added to this repository.
set -euo pipefail
bin=$(cd "$1" && pwd)
[ -x "$bin/terraform-provider-restapi" ] && exit 0
module=$(mktemp -d)
trap 'rm -rf "$module"' EXIT
cd "$module"
go mod init bench-peer >/dev/null 2>&1
go get github.com/Mastercard/terraform-provider-restapi@v1.20.0
go build -o "$bin/terraform-provider-restapi" github.com/Mastercard/terraform-provider-restapi
