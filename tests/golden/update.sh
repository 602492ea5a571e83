#!/usr/bin/env bash
# Rewrites the expectations of the file tests (tests/e2e/golden_test.cpp) from the current locusc:
#   check/NAME.locus → NAME.expected     (`# exit: N` + `locusc check` stderr)
#   ir/NAME.locus    → NAME.ir.json      (`locusc ir` stdout)
#   generate/APP/    → APP/GENERATOR.expected (the files each generator wrote)
# Usage: tests/golden/update.sh [BUILD_DIR]. Review the diff like code.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:-$here/../../build}" && pwd)"
locusc="$build/compiler/locusc"

cd "$here/check"
for f in *.locus; do
  name="${f%.locus}"
  set +e
  err=$("$locusc" check --color=never "$f" 2>&1 >/dev/null)
  code=$?
  set -e
  { echo "# exit: $code"; [ -n "$err" ] && printf '%s\n' "$err"; } >"$name.expected"
done

cd "$here/ir"
for f in *.locus; do "$locusc" ir "$f" >"${f%.locus}.ir.json" || true; done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for app in "$here"/generate/*/; do
  app="${app%/}"
  rm -rf "$work/app" "$work/out" && mkdir -p "$work/app"
  cp "$app/app.locus" "$work/app/"
  (cd "$work" && "$locusc" build --quiet --color=never app -o out)
  rm -f "$app"/*.expected
  python3 - "$work/out" "$app" <<'PY'
import json, pathlib, sys
out, app = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
grouped = {}
for f in json.loads((out / "BUILD_MANIFEST.json").read_text())["files"]:
    if f["generator"]:
        grouped.setdefault(f["generator"], {})[f["path"]] = (out / f["path"]).read_bytes()
for generator, files in grouped.items():
    text = b"".join(b"=== %s (%d bytes) ===\n" % (p.encode(), len(c)) + c + b"\n"
                    for p, c in sorted(files.items()))
    (app / (generator + ".expected")).write_bytes(text)
PY
done
echo "updated: $(ls "$here"/check/*.expected | wc -l) check, $(ls "$here"/ir/*.ir.json | wc -l) ir," \
  "$(ls "$here"/generate/*/*.expected | wc -l) generate expectations"
