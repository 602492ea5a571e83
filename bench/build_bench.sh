#!/usr/bin/env bash
# Timing of `locusc build` on a generated project (default: the peer's "L" size, 500 entities /
# 200 pages, components, workflows; ~1,135 output files, ~21 MB). Two cases, RUNS times each:
#   fresh     — the output folder does not exist (every file is generated, hashed and written).
#               Each run writes a new folder and none is deleted until the end: on an ext4 without
#               a journal (this VM's disk) every file created within ~35 s of deleting many files
#               first scans past the recently deleted inodes, which made `rm -rf out && build`
#               cost 0.2–0.4 s more (docs/performance.md, "Writing files").
#   no-change — the output is already up to date (generated and compared; nothing is written)
# Prints the median wall and CPU time of each, and the median of every LOCUS_TIMING phase.
#
# Usage: bench/build_bench.sh [path/to/locusc] [gen_synthetic.py options…]
#   env RUNS (default 7), KEEP=1 keeps the generated project and outputs, BENCH_DIR is where the
#   work folder goes (default: the build folder beside this script). Not /tmp by default: on this
#   VM's journal-less ext4, creating files in a region where many files were deleted is 5-10x
#   slower (1,136 empty files: 110-200 ms under /tmp after many test runs, 16 ms under /work),
#   so the figures would measure /tmp's history. The bench prints that floor for its folder.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
locusc="$here/../build/compiler/locusc"
if [[ $# -gt 0 && "$1" != --* ]]; then locusc="$1"; shift; fi
runs="${RUNS:-7}"
[[ -x "$locusc" ]] || { echo "locusc not found at $locusc (build it first)" >&2; exit 2; }

bench_dir="${BENCH_DIR:-$here/../build}"
mkdir -p "$bench_dir"
work="$(mktemp -d -p "$bench_dir" locus-build-bench-XXXXXX)"
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT
project="$work/project"
python3 "$here/gen_synthetic.py" --out "$project" "$@" >/dev/null 2>&1
echo "project: $(cat "$project"/*.locus | wc -l) lines; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# The file-system floor where the outputs go: creating as many empty files as a build writes.
floor_start=$(date +%s%N)
mkdir "$work/floor" && (cd "$work/floor" && for i in $(seq 1 1135); do : >"f$i"; done)
echo "work folder: $work; creating 1,135 empty files there took $((($(date +%s%N) - floor_start) / 1000000)) ms"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# One build: appends "wall_ms cpu_ms" to $1.times and the [timing] lines to $1.phases.
run_once() {
  local tag="$1" out="$2" t0 t1
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/cpu" env LOCUS_TIMING=1 "$locusc" build "$project" -o "$out" \
    --quiet 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  t1=$(date +%s%N)
  read -r user sys <"$work/cpu"
  echo "$(((t1 - t0) / 1000000)) $(awk -v u="$user" -v s="$sys" 'BEGIN{print int((u+s)*1000)}')" >>"$work/$tag.times"
  grep '^\[timing\]' "$work/stderr" >>"$work/$tag.phases" || true
}

report() {
  local tag="$1"
  echo "$tag: wall $(cut -d' ' -f1 "$work/$tag.times" | median) ms, cpu $(cut -d' ' -f2 "$work/$tag.times" | median) ms (median of $runs)"
  [[ -s "$work/$tag.phases" ]] || return 0
  awk '{ name=$2; for (i=3; i<NF; ++i) if ($i !~ /^[0-9.]+$/) name=name" "$i
         if (!(name in v)) order[++n]=name; v[name]=v[name] " " $(NF-1) }
       END { for (k=1; k<=n; ++k) print order[k] "\t" v[order[k]] }' "$work/$tag.phases" |
    while IFS=$'\t' read -r phase values; do
      printf '  %-18s %8.2f ms\n' "$phase" "$(tr ' ' '\n' <<<"$values" | grep . | median)"
    done
}

for ((i = 0; i < runs; ++i)); do run_once fresh "$work/out-fresh-$i"; done
"$locusc" build "$project" -o "$work/out-same" --quiet
for ((i = 0; i < runs; ++i)); do run_once no-change "$work/out-same"; done
report fresh
report no-change
