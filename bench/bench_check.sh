#!/usr/bin/env bash
# Whole-program timing of `locusc check` on a generated project (default: the peer's "L" size,
# 500 entities / 200 pages, components, workflows; ~16k lines). Prints the median wall time and
# the peak RSS, and compares them with the targets (< 100 ms, < 100 MB).
#
# Usage: bench/bench_check.sh [path/to/locusc] [gen_synthetic.py options…]
#   env RUNS (default 15), WARMUP (2), RSS_RUNS (5), KEEP=1 keeps the generated project,
#   JSON=file for hyperfine's export. A 50 MB single-file project, for example:
#   RUNS=1 WARMUP=0 RSS_RUNS=1 bench/bench_check.sh --entities 150000 --pages 0 --components 0 --workflows 0
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
locusc="$here/../build-bench/compiler/locusc"
if [[ $# -gt 0 && "$1" != --* ]]; then locusc="$1"; shift; fi
runs="${RUNS:-15}"
warmup="${WARMUP:-2}"
rss_runs="${RSS_RUNS:-5}"
[[ -x "$locusc" ]] || { echo "locusc not found at $locusc (build it first)" >&2; exit 2; }

work="$(mktemp -d -t locus-bench-XXXXXX)"
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT
project="$work/project"
python3 "$here/gen_synthetic.py" --out "$project" "$@"
echo "project: $(cat "$project"/*.locus | wc -l) lines, $(cat "$project"/*.locus | wc -c) bytes"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"

# A project that does not check cleanly would time the error path, not the real one.
if ! "$locusc" check "$project" >"$work/check.out" 2>&1; then
  echo "locusc check failed on the generated project:" >&2
  head -20 "$work/check.out" >&2
  exit 1
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

if command -v hyperfine >/dev/null; then
  json="${JSON:-$work/hyperfine.json}"
  hyperfine --warmup "$warmup" --runs "$runs" --export-json "$json" -N "$locusc check $project" >&2
  # CPU time (user + system) is reported too: on a shared machine it is steadier than wall.
  read -r med min max cpu <<<"$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f %.1f %.1f %.1f" % (r["median"]*1e3, r["min"]*1e3, r["max"]*1e3, (r["user"]+r["system"])*1e3))' "$json")"
  echo "wall: median ${med} ms (min ${min}, max ${max}; hyperfine, ${runs} runs); CPU user+sys mean ${cpu} ms"
else
  for _ in $(seq "$warmup"); do "$locusc" check "$project" >/dev/null; done
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$locusc" check "$project" >/dev/null
    cat "$work/t"
  done >"$work/walls"
  med="$(awk '{print $1*1000}' "$work/walls" | median)"
  cpu="$(awk '{print ($2+$3)*1000}' "$work/walls" | median)"
  echo "wall: median ${med} ms; CPU user+sys median ${cpu} ms (/usr/bin/time, ${runs} runs, 10 ms resolution)"
fi

# Peak RSS: separate runs under /usr/bin/time -v (hyperfine does not report memory).
for _ in $(seq "$rss_runs"); do
  /usr/bin/time -v "$locusc" check "$project" 2>&1 >/dev/null |
    awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}'
done >"$work/rss"
rss_kb="$(median <"$work/rss")"
rss_mb="$(awk -v k="$rss_kb" 'BEGIN {printf "%.1f", k/1024}')"
echo "peak RSS: median ${rss_mb} MB (${rss_kb} KB, ${rss_runs} runs)"

awk -v w="$med" -v r="$rss_mb" 'BEGIN {
  printf "targets: wall < 100 ms: %s; RSS < 100 MB: %s\n", (w < 100 ? "met" : "MISSED"), (r < 100 ? "met" : "MISSED")
}'
