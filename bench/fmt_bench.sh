#!/usr/bin/env bash
# `locusc fmt` on the synthetic L project (bench/gen_synthetic.py, ~16k lines in 5 files): the
# median wall time of `locusc fmt --check` (parse each file for safety, lay it out, re-lex the
# result), with `locusc check` of the same project alongside as the baseline.
# Usage: bench/fmt_bench.sh path/to/locusc   (env RUNS, default 11)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
locusc="${1:?usage: bench/fmt_bench.sh path/to/locusc}"
runs="${RUNS:-11}"
work="$(mktemp -d -t locus-fmt-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
python3 "$here/gen_synthetic.py" --out "$work/L" >/dev/null
"$locusc" fmt "$work/L" >/dev/null # canonical first: --check then times the no-change path

median_ms() { # command... → median wall milliseconds over $runs runs
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
echo "fmt --check L: $(median_ms "$locusc" fmt --check "$work/L") ms (median of $runs)"
echo "check L (baseline): $(median_ms "$locusc" check "$work/L") ms"
