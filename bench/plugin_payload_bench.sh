#!/usr/bin/env bash
# The host's cost of a full-program plugin hook: `locusc build` of L (bench/gen_synthetic.py) with
# one do-nothing C++ plugin at onPostValidate (bench/noop_plugin.cpp: it answers {} without
# reading the payload), against the same build without it.
#
#   host cost = median(CPU time of locusc's driver thread in the plugins-validate lap, with the
#               plugin) − median(the same without it)
#
# LOCUS_TIMING=1 prints each lap's wall time and the CPU time of the driver thread in it: building
# the payload, writing the frame into the pipe and reading the answer (the plugin's processes and
# locusc's background threads are not counted). CPU time, unlike wall time, does not include
# waiting when other work shares the machine (contention for caches still inflates it a little).
# The wall-time view is printed too: the lap's wall time minus the plugin's own time (its start-up
# and its call, from .locus/audit.log), which is what a user waits for beyond the plugin's work.
# Runs alternate with and without the plugin.
# Usage: bench/plugin_payload_bench.sh [path/to/locusc] [path/to/locus_noop_plugin]   env RUNS (9)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
locusc="${1:-$here/../build/compiler/locusc}"
plugin_bin="${2:-$here/../build/bench/locus_noop_plugin}"
runs="${RUNS:-9}"
[[ -x "$locusc" ]] || { echo "locusc not found at $locusc" >&2; exit 2; }
[[ -x "$plugin_bin" ]] || { echo "the noop plugin is not at $plugin_bin (ninja locus_noop_plugin)" >&2; exit 2; }

work="$(mktemp -d -p "${BENCH_DIR:-/tmp}" locus-payload-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
python3 "$here/gen_synthetic.py" --out "$work/bare" >/dev/null
cp -r "$work/bare" "$work/plugged"
mkdir -p "$work/plugged/plugins/noop"
cp "$plugin_bin" "$work/plugged/plugins/noop/noop_plugin"
cat >"$work/plugged/plugins/noop/locus-plugin.json" <<'JSON'
{ "name": "noop", "version": "1.0.0", "requiresCore": "^0.1.0", "protocol": 1,
  "entry": ["./noop_plugin"], "hooks": { "onPostValidate": {} },
  "limits": { "timeoutMs": 120000, "cpuSeconds": 120, "memoryMb": 2048, "maxOutputMb": 256 } }
JSON
printf '[plugins]\npaths = ["plugins/noop"]\n' >"$work/plugged/Locus.toml"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
lap() { awk '$2 == "plugins-validate" {print $3}' "$1"; }
lap_cpu() { awk '$2 == "plugins-validate" && $6 == "cpu" {print $7}' "$1"; }

for ((i = 0; i < runs; i++)); do
  for project in bare plugged; do
    rm -rf "$work/$project/.locus" "$work/out"
    LOCUS_TIMING=1 "$locusc" build "$work/$project" -o "$work/out" --quiet 2>"$work/stderr" || {
      cat "$work/stderr" >&2
      exit 1
    }
    lap "$work/stderr" >>"$work/$project.lap"
    lap_cpu "$work/stderr" >>"$work/$project.cpu"
  done
  # The plugin's own time: its start (spawn + handshake) and its onPostValidate call.
  python3 - "$work/plugged/.locus/audit.log" >>"$work/plugin.ms" <<'PY'
import json, sys
total = 0.0
for line in open(sys.argv[1]):
    entry = json.loads(line)["entry"]
    if entry.get("event") == "plugin.start" or (entry.get("event") == "hook.call" and entry.get("hook") == "onPostValidate"):
        total += entry.get("ms", 0)
print(total)
PY
done

with=$(median <"$work/plugged.lap")
without=$(median <"$work/bare.lap")
own=$(median <"$work/plugin.ms")
echo "load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each; medians in ms"
cpu_with=$(median <"$work/plugged.cpu")
cpu_without=$(median <"$work/bare.cpu")
echo "plugins-validate lap with the plugin: wall $with, cpu $cpu_with; without: wall $without, cpu $cpu_without; the plugin's start + call: $own"
awk -v a="$with" -v b="$without" -v c="$own" 'BEGIN {printf "wall beyond the plugin'"'"'s own time: %.1f ms\n", a - b - c}'
awk -v a="$cpu_with" -v b="$cpu_without" 'BEGIN {printf "host cost (locusc CPU) of the onPostValidate hook on L: %.1f ms\n", a - b}'
