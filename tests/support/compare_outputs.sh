#!/usr/bin/env bash
# Compares two locusc binaries on the same inputs: `check` diagnostics (text and exit status),
# `locusc ir` and the full `build` output of the examples, the synthetic L project and every
# file of the peer corpus. For refactorings that must not change any output.
#
# Usage: tests/support/compare_outputs.sh OLD_LOCUSC NEW_LOCUSC [WORK_DIR]
# Exit status: 0 when every output is byte-identical, 1 otherwise (the differing inputs listed).
set -uo pipefail

old="$(realpath "$1")" new="$(realpath "$2")"
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${3:-$(mktemp -d /tmp/locus-compare-XXXXXX)}"
corpus="${LOCUS_SHARED_DIR:-$here/../shared}/conformance/peer-corpus"
mkdir -p "$work"

[[ -d "$work/L" ]] || python3 "$here/bench/gen_synthetic.py" --size L --out "$work/L" >/dev/null

inputs=("$here"/examples/shop "$here"/examples/crm "$here"/examples/scaffold "$work/L")
while IFS= read -r f; do inputs+=("$f"); done < <(find "$corpus" -name '*.locus' | sort)

# One input through one binary: diagnostics, IR and the build output.
run_one() {
  local bin="$1" input="$2" out="$3"
  mkdir -p "$out"
  (cd "$(dirname "$input")" && "$bin" check "$(basename "$input")" >"$out/check.txt" 2>&1
   echo "exit $?" >>"$out/check.txt")
  (cd "$(dirname "$input")" && "$bin" ir "$(basename "$input")" >"$out/ir.json" 2>/dev/null)
  "$bin" build -q "$input" -o "$out/app" >"$out/build.txt" 2>&1
  echo "exit $?" >>"$out/build.txt"
}

status=0 n=0
for input in "${inputs[@]}"; do
  n=$((n + 1))
  run_one "$old" "$input" "$work/old/$n"
  run_one "$new" "$input" "$work/new/$n"
  if ! diff -r -q "$work/old/$n" "$work/new/$n" >/dev/null; then
    echo "differs: $input ($work/old/$n vs $work/new/$n)"
    status=1
  fi
done
echo "compared $n inputs: $([[ $status -eq 0 ]] && echo identical || echo DIFFERENT)"
exit $status
