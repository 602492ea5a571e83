#!/usr/bin/env bash
# Regenerates tests/golden/*.expected from the current locusc. Usage: tests/golden/update.sh [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:-$here/../../build}" && pwd)"
cd "$here"
for f in *.locus; do
  name="${f%.locus}"
  set +e
  err=$("$build/compiler/locusc" check --color=never "$f" 2>&1 >/dev/null)
  code=$?
  set -e
  { echo "# exit: $code"; [ -n "$err" ] && printf '%s\n' "$err"; } > "$name.expected"
done
echo "updated $(ls *.expected | wc -l) expectations"
