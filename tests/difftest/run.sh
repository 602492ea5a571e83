#!/usr/bin/env bash
# Differential test of the type checker: N random programs (half of them one-token mutants) from
# gen_program.py; every program `locusc check` accepts is built, its web/ and server/ code must
# pass `tsc --strict` (checked in batches by tsc_batch.js) and its SQLite migrations must apply.
#
# Usage: tests/difftest/run.sh LOCUSC N [FIRST_SEED] [WORK_DIR]
# Prints the counts and every failing program (its seed and the first errors); exit 1 on failure.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
locusc="$(realpath "$1")" count="$2" first="${3:-1}"
work="${4:-$(mktemp -d /tmp/locus-difftest-XXXXXX)}"
mkdir -p "$work"
accepted=0 rejected=0 sqlfail=0
: >"$work/tsconfigs"
for ((seed = first; seed < first + count; seed++)); do
  dir="$work/p$seed"
  mutate=$([[ $((seed % 2)) == 0 ]] && echo --mutate)
  python3 "$here/gen_program.py" --seed "$seed" --out "$dir" $mutate
  if ! "$locusc" check -q "$dir" >/dev/null 2>"$dir/check.txt"; then
    rejected=$((rejected + 1))
    if [[ -z "$mutate" ]]; then echo "REJECTED well-typed program: seed $seed"; head -3 "$dir/check.txt"; fi
    continue
  fi
  accepted=$((accepted + 1))
  if ! "$locusc" build -q "$dir" -o "$dir/out" >"$dir/build.txt" 2>&1; then
    echo "BUILD FAILED after check passed: seed $seed"; head -3 "$dir/build.txt"; sqlfail=$((sqlfail + 1)); continue
  fi
  for m in "$dir"/out/db/sqlite/migrations/*.sql; do
    [[ -f "$m" ]] || continue
    if ! sqlite3 :memory: <"$m" >/dev/null 2>"$dir/sql.txt"; then
      echo "SQL FAILED: seed $seed ($m)"; head -3 "$dir/sql.txt"; sqlfail=$((sqlfail + 1))
    fi
  done
  for side in web server; do
    [[ -f "$dir/out/$side/tsconfig.json" ]] || continue
    ln -sfn "$here/../../scripts/node/node_modules" "$dir/out/$side/node_modules" # pinned toolchain
    echo "$dir/out/$side/tsconfig.json" >>"$work/tsconfigs"
  done
done
echo "programs: $count (seeds $first..$((first + count - 1))), accepted $accepted, rejected $rejected"
status=0
[[ $sqlfail == 0 ]] || status=1
if [[ -s "$work/tsconfigs" ]]; then
  # Batches of 100 tsconfigs (50 programs) keep one TypeScript program's memory bounded.
  split -l 100 "$work/tsconfigs" "$work/batch."
  for b in "$work"/batch.*; do
    node "$here/tsc_batch.js" "$b" >"$b.out" 2>&1 || status=1
    grep -v '^checked' "$b.out"
  done
fi
echo "result: $([[ $status == 0 ]] && echo pass || echo FAIL)"
exit $status
