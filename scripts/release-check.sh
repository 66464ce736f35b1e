#!/usr/bin/env bash
# make release-check: builds the release the way a tag does (goreleaser from the Go module proxy,
# a snapshot, signing skipped), checks the artefacts the registries require, then installs the
# linux_amd64 zip as `terraform init` installs a provider from a filesystem mirror (no
# dev_overrides), checks the lock file, and applies and destroys the demo against the fake server.
# Usage: scripts/release-check.sh [all|current]: every platform of .goreleaser.yml (the default),
# or only this machine's (CI). TERRAFORM names the CLI (default terraform on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=${1:-all}
goreleaser_version=v2.15.1
terraform=${TERRAFORM:-terraform}
name=terraform-provider-accounts
address=registry.terraform.io/tf-accounts/accounts
bin=$PWD/bin
mkdir -p "$bin"
fail() { echo "release-check: $*" >&2; exit 1; }

# The next version the CHANGELOG names; the snapshot is <it>-snapshot-<commit>.
next=$(sed -n 's/^## \([0-9][0-9.]*\) .*/\1/p' CHANGELOG.md | head -n 1)
[ -n "$next" ] || fail "CHANGELOG.md names no version"

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# goreleaser builds the commit, as a tag does, in a clone: its git state (a remote, no changes)
# is a release's, and its before hook (go mod tidy) leaves this tree alone.
commit=$(git rev-parse HEAD)
src=$work/src
git clone --quiet --no-checkout "$PWD" "$src"
git -C "$src" checkout --quiet "$commit"
config=$src/.goreleaser.yml
case $targets in
  all) ;;
  current)
    # The same configuration for this platform only.
    python3 - "$bin/goreleaser-current.yml" "$(go env GOOS)" "$(go env GOARCH)" "$config" <<'PY'
import sys, yaml
out, goos, goarch = sys.argv[1:4]
config = yaml.safe_load(open(sys.argv[4]))
for build in config["builds"]:
    build["goos"], build["goarch"] = [goos], [goarch]
    build.pop("ignore", None)
yaml.safe_dump(config, open(out, "w"), sort_keys=False)
PY
    config=$bin/goreleaser-current.yml
    ;;
  *) fail "usage: $0 [all|current]" ;;
esac

echo "==> goreleaser $goreleaser_version release --snapshot --clean --skip=sign of $commit ($targets platforms)"
start=$SECONDS
(cd "$src" && GORELEASER_CURRENT_TAG=v$next go run "github.com/goreleaser/goreleaser/v2@$goreleaser_version" \
  release --snapshot --clean --skip=sign --config "$config")
rm -rf dist
mv "$src/dist" dist
echo "==> built in $((SECONDS - start)) s"

version=$(python3 -c 'import json; print(json.load(open("dist/metadata.json"))["version"])')
echo "==> version $version"
prefix=${name}_$version

# The platforms goreleaser was asked for: every goos x goarch less the ignored pairs and those
# Go cannot build (darwin/arm), which goreleaser leaves out too.
platforms=$(python3 - "$config" "$(go tool dist list)" <<'PY'
import sys, yaml
buildable = {tuple(line.split("/")) for line in sys.argv[2].split()}
for build in yaml.safe_load(open(sys.argv[1]))["builds"]:
    ignored = {(i["goos"], i["goarch"]) for i in build.get("ignore", [])}
    for goos in build["goos"]:
        for goarch in build["goarch"]:
            if (goos, goarch) not in ignored and (goos, goarch) in buildable:
                print(f"{goos}_{goarch}")
PY
)

echo "==> artefacts"
cd dist
for platform in $platforms; do
  zip=${prefix}_$platform.zip
  [ -f "$zip" ] || fail "dist/$zip is missing"
  binary=${name}_v$version
  case $platform in windows_*) binary=$binary.exe ;; esac
  # The binary, beside the license and the docs goreleaser adds.
  listing=$(unzip -Z1 "$zip" | sort | paste -sd' ')
  [ "$listing" = "$(printf '%s\n' CHANGELOG.md LICENSE README.md "$binary" | sort | paste -sd' ')" ] ||
    fail "$zip holds $listing, want $binary, CHANGELOG.md, LICENSE and README.md"
done
sums=${prefix}_SHA256SUMS
manifest=${prefix}_manifest.json
[ -f "$sums" ] || fail "dist/$sums is missing"
# A release uploads terraform-registry-manifest.json under this name (release.extra_files), which
# a snapshot skips: it goes beside the zips here, and the checksums must hold it.
cp "$src/terraform-registry-manifest.json" "$manifest"
python3 - "$manifest" <<'PY' || fail "$manifest does not declare protocol 6.0"
import json, sys
m = json.load(open(sys.argv[1]))
sys.exit(0 if m == {"version": 1, "metadata": {"protocol_versions": ["6.0"]}} else 1)
PY
# Every zip and the manifest are in the checksums, and every checksum matches.
for file in ${prefix}_*.zip "$manifest"; do
  grep -q "  $file\$" "$sums" || fail "$sums does not list $file"
done
[ "$(wc -l <"$sums")" -eq "$(($(echo "$platforms" | wc -w) + 1))" ] || fail "$sums lists other files: $(cat "$sums")"
sha256sum --quiet -c "$sums" || fail "a checksum of $sums does not match"
printf '%-70s %10s  %s\n' file bytes sha256
for file in ${prefix}_*.zip "$manifest" "$sums"; do
  printf '%-70s %10s  %s\n' "$file" "$(stat -c %s "$file")" "$(sha256sum "$file" | cut -d' ' -f1)"
done
cd ..

echo "==> install ${prefix}_linux_amd64.zip from a filesystem mirror with terraform init"
mkdir -p "$work/mirror/$address" "$work/config"
cp "dist/${prefix}_linux_amd64.zip" "$work/mirror/$address/"
cat >"$work/cli.tfrc" <<TFRC
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["$address"]
  }
}
disable_checkpoint = true
TFRC
export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
unset TF_CLI_ARGS
# The demo's configuration, pinned to the snapshot (a pre-release matches only an exact version).
sed "s|source = \"tf-accounts/accounts\"|source  = \"tf-accounts/accounts\"\n      version = \"$version\"|" examples/demo/main.tf >"$work/config/main.tf"
tf() { "$terraform" -chdir="$work/config" "$@" -no-color; }
tf init -input=false | tee "$work/init.log"
grep -q "Installed tf-accounts/accounts v$version" "$work/init.log" || fail "terraform init did not install v$version"

echo "==> lock file"
lock=$work/config/.terraform.lock.hcl
cat "$lock"
grep -q "provider \"$address\"" "$lock" || fail "the lock file has no $address"
grep -q "version *= \"$version\"" "$lock" || fail "the lock file does not select $version"
# A mirror has no signed checksums, so init records the h1: hash of what the zip holds (Go's
# dirhash Hash1: the SHA-256 of the sorted "sha256  name" lines of its files), computed here anew.
h1=$(python3 - "dist/${prefix}_linux_amd64.zip" <<'PY'
import base64, hashlib, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    lines = "".join(f"{hashlib.sha256(z.read(n)).hexdigest()}  {n}\n" for n in sorted(z.namelist()))
print("h1:" + base64.b64encode(hashlib.sha256(lines.encode()).digest()).decode())
PY
)
grep -qF "\"$h1\"" "$lock" || fail "the lock file lacks $h1, the hash of what ${prefix}_linux_amd64.zip holds"
echo "lock file: $address $version, $h1 (the zip's contents)"

echo "==> apply and destroy against the fake server"
go build -o "$bin/accounts-fakeserver" ./internal/fakeserver/cmd/accounts-fakeserver
# shellcheck source=scripts/fakeserver.sh
source scripts/fakeserver.sh
start_fakeserver "$bin/accounts-fakeserver" "$work"
fake=${SAILPOINT_BASE_URL%/isc}
held() { curl -fsS "$fake/_fake/state" | python3 -c "$1"; }
count='import json, sys; s = json.load(sys.stdin); print(*(len(s[api][kind] or []) for api, kind in (("isc", "accounts"), ("b3os", "serviceAccounts"), ("poozle", "integrationAccounts"))))'
before=$(held "$count")
tf apply -auto-approve -input=false
after=$(held "$count")
echo "fake server holds (ISC accounts, B3OS service accounts, Poozle accounts): $before before the apply, $after after"
[ "$after" != "$before" ] || fail "the apply changed nothing on the fake server"
set +e
tf plan -detailed-exitcode -input=false >"$work/plan.log"
status=$?
set -e
[ "$status" -eq 0 ] || { cat "$work/plan.log"; fail "the plan after apply is not empty (exit $status)"; }
tf destroy -auto-approve -input=false
[ "$(held "$count")" = "$before" ] || fail "the destroy left $(held "$count") on the fake server, want $before"
echo "==> release-check passed: $version, $(echo "$platforms" | wc -w) platforms, installed from the mirror, applied and destroyed"
