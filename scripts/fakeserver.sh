# Sourced by the scripts that run the real CLI against the fake server (examples/demo/run.sh,
# scripts/release-check.sh). start_fakeserver BINARY WORKDIR starts the fake on a free loopback
# port, sets server_pid, and exports the provider environment it prints; the caller's cleanup
# stops it.
start_fakeserver() {
  "$1" -addr 127.0.0.1:0 -print-env >"$2/env" 2>"$2/fakeserver.log" &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q '^# end of the provider environment' "$2/env" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$2/fakeserver.log" >&2; exit 1; }
    sleep 0.1
  done
  # shellcheck disable=SC1091
  source "$2/env"
}
