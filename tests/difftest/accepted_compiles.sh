#!/usr/bin/env bash
# The type checker's promise on hand-written programs, end to end: every project `locusc check`
# accepts is built with `locusc build`, and its generated web/ and server/ code must pass
# `tsc --strict --noEmit` (the pinned TypeScript of scripts/node, batched by tsc_batch.js) and its
# SQLite migrations must apply. A project named fail_* must instead be rejected by `check`.
#
# Usage: tests/difftest/accepted_compiles.sh LOCUSC PROJECT...   (a folder or a single .locus file)
# Prints one line per project and every failure; exit 1 on any failure.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
locusc="$(realpath "$1")"
shift
work="$(mktemp -d /tmp/locus-accepted-XXXXXX)"
trap 'rm -rf "$work"' EXIT
status=0 n=0
: >"$work/tsconfigs"
for project in "$@"; do
  n=$((n + 1))
  name="$(basename "${project%.locus}")"
  dir="$work/$n-$name"
  mkdir -p "$dir/src"
  if [[ -d "$project" ]]; then cp "$project"/*.locus "$dir/src/"; else cp "$project" "$dir/src/"; fi
  if ! "$locusc" check -q "$dir/src" >/dev/null 2>"$dir/check.txt"; then
    if [[ "$name" == fail_* ]]; then echo "rejected as expected: $project"; continue; fi
    echo "FAIL rejected: $project"; head -5 "$dir/check.txt"; status=1; continue
  fi
  if [[ "$name" == fail_* ]]; then echo "FAIL accepted a program that must be rejected: $project"; status=1; continue; fi
  if ! "$locusc" build -q "$dir/src" -o "$dir/out" >"$dir/build.txt" 2>&1; then
    echo "FAIL build after check passed: $project"; head -5 "$dir/build.txt"; status=1; continue
  fi
  for m in "$dir"/out/db/sqlite/migrations/*.sql; do
    [[ -f "$m" ]] || continue
    if ! sqlite3 :memory: <"$m" >/dev/null 2>"$dir/sql.txt"; then
      echo "FAIL SQL of $project ($(basename "$m"))"; head -3 "$dir/sql.txt"; status=1
    fi
  done
  for side in web server; do
    [[ -f "$dir/out/$side/tsconfig.json" ]] || continue
    ln -sfn "$here/../../scripts/node/node_modules" "$dir/out/$side/node_modules" # pinned toolchain
    echo "$dir/out/$side/tsconfig.json" >>"$work/tsconfigs"
  done
  echo "accepted and built: $project"
done
if [[ -s "$work/tsconfigs" ]]; then
  node "$here/tsc_batch.js" "$work/tsconfigs" || status=1
else
  echo "FAIL no project was accepted"; status=1
fi
echo "projects: $n, result: $([[ $status == 0 ]] && echo pass || echo FAIL)"
exit $status
