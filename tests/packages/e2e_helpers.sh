# Shared by the package e2e scripts (sourced): arguments, a scratch folder removed on exit, and
# the checks. Usage in a script: source "$(dirname "$0")/e2e_helpers.sh" "$@"
set -euo pipefail
LOCUSC=$1
SRC=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect TEXT FILE: FILE holds TEXT (grep pattern), else show FILE and fail.
expect() { grep -q -- "$1" "$2" || { echo "--- $2:" >&2; cat "$2" >&2; fail "expected '$1' in $2"; }; }
# start_registry ARGS...: `locusc registry serve ARGS --port 0` in the background; sets SERVER
# (its pid) and URL once it printed the URL (at most ~10 s). stop_registry ends it (idempotent).
SERVER=
start_registry() {
  rm -f serve.out # else a restart could read the previous server's URL before the shell truncates it
  "$LOCUSC" registry serve "$@" --port 0 > serve.out 2> serve.err &
  SERVER=$!
  for _ in $(seq 100); do
    grep -q '^serving ' serve.out 2>/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || { cat serve.err >&2; fail "registry serve exited"; }
    sleep 0.1
  done
  URL=$(sed -n 's/^serving //p' serve.out)
  [ -n "$URL" ] || fail "registry serve printed no URL"
}
stop_registry() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  SERVER=
}
# new_project DIR REGISTRY_URL PUBKEY_FILE: the scaffold example in DIR, trusting that registry.
new_project() {
  mkdir -p "$1"
  cp "$SRC"/examples/scaffold/*.locus "$1/"
  printf '[registries.default]\nurl = "%s"\nkeys = ["%s"]\n' "$2" "$(sed -n 2p "$3")" > "$1/Locus.toml"
}
