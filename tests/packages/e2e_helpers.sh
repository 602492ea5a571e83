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
