#!/usr/bin/env bash
# Timing of `locusc build` on a generated project (default: the peer's "L" size, 500 entities /
# 200 pages, components, workflows; ~1,135 output files, ~21 MB). Two cases, RUNS times each:
#   fresh     — the output folder does not exist (every file is generated, hashed and written).
#               Each run writes a new folder and none is deleted until the end: on an ext4 without
#               a journal (this VM's disk) every file created within ~35 s of deleting many files
#               first scans past the recently deleted inodes, which made `rm -rf out && build`
#               cost 0.2–0.4 s more (docs/history/performance-2026-11.md, "Writing files").
#   no-change — the output is already up to date (generated and compared; nothing is written)
# Prints the median wall and CPU time of each, and the median of every LOCUS_TIMING phase.
#
# Usage: bench/build_bench.sh [path/to/locusc] [gen_synthetic.py options…]
#   env RUNS (default 7), KEEP=1 keeps the generated project and outputs, BENCH_DIR is where the
#   work folder goes (default: the build folder beside this script).
# File-system history: on this VM's journal-less ext4, ext4 will not reuse an inode number for a
# few minutes after its file was deleted, and every create scans past such numbers in its block
# group. Creating 1,136 empty files took 16 ms in a clean region and 110-340 ms in one where test
# runs had just deleted thousands of files (docs/history/performance-2026-11.md, "Writing files"). To measure
# locusc rather than that history, the work folder gets ext4's "top directory" hint (chattr +T),
# which spreads each output folder to another block group; the bench prints the file-creation
# floor of its folder either way.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
locusc="$here/../build/compiler/locusc"
if [[ $# -gt 0 && "$1" != --* ]]; then locusc="$1"; shift; fi
runs="${RUNS:-7}"
[[ -x "$locusc" ]] || { echo "locusc not found at $locusc (build it first)" >&2; exit 2; }

bench_dir="${BENCH_DIR:-$here/../build}"
mkdir -p "$bench_dir"
work="$(mktemp -d -p "$bench_dir" locus-build-bench-XXXXXX)"
chattr +T "$work" 2>/dev/null || echo "note: chattr +T failed; outputs share the work folder's block group"
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT
project="$work/project"
python3 "$here/gen_synthetic.py" --out "$project" "$@" >/dev/null 2>&1
echo "project: $(cat "$project"/*.locus | wc -l) lines; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# The file-system floor where the outputs go: creating as many empty files as a build writes.
floor_ms=$(python3 -c '
import os, sys, time
d = os.path.join(sys.argv[1], "floor"); os.mkdir(d); t = time.monotonic()
for i in range(1135): os.close(os.open(os.path.join(d, "f%d" % i), os.O_CREAT | os.O_WRONLY, 0o644))
print(int((time.monotonic() - t) * 1000))' "$work")
echo "work folder: $work; creating 1,135 empty files there took $floor_ms ms"
if ((floor_ms > 50)); then
  echo "warning: creating files is slow there (clean: ~15 ms); many files were deleted nearby in the" \
    "last minutes, and the fresh builds below measure that. Wait, or use another BENCH_DIR."
fi

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
  # "[timing] NAME… VALUE ms [(details)]": the phase is the words before the first "VALUE ms".
  awk '{ name=$2; value=""
         for (i=3; i<NF; ++i) { if ($i ~ /^[0-9.]+$/ && $(i+1) == "ms") { value=$i; break }
                                name=name" "$i }
         if (!(name in v)) order[++n]=name; v[name]=v[name] " " value }
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
