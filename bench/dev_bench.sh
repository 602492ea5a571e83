#!/usr/bin/env bash
# `locus dev` on examples/crm: (1) the time from start to the ready line once the first install
# is done (the private PostgreSQL cluster exists, web/.next holds next dev's cache), median of
# RUNS starts after one unmeasured first start; (2) entity write → triggered run: contacts
# created one at a time through the API (WRITES of them), each starting WelcomeContact through
# the outbox; per write, from the API's transaction (the event's created_ms) to the run's creation
# (the event delivered) and to the run's end, read from the database.
#   bench/dev_bench.sh [path/to/locus]        env RUNS (default 5), WRITES (default 40), NO_WEB=1
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
locus="${1:-$here/../build/runtime/locus}"
runs="${RUNS:-5}"; writes="${WRITES:-40}"; edits="${EDITS:-10}"
[[ -x "$locus" ]] || { echo "locus not found at $locus (build it first)" >&2; exit 2; }
work="$(mktemp -d -t locus-dev-bench-XXXXXX)"
chmod 755 "$work"
cp -r "$here/../examples/crm" "$work/crm"
dev_pid=""
stop() { [[ -n "$dev_pid" ]] && kill -TERM "$dev_pid" 2>/dev/null && wait "$dev_pid" 2>/dev/null || true; dev_pid=""; }
trap 'stop; rm -rf "$work"' EXIT
web_flag=(); [[ "${NO_WEB:-0}" == 1 ]] && web_flag=(--no-web)

# Starts locus dev; sets ready_ms, api_port; leaves it running.
start() {
  rm -f "$work/out" "$work/err"; mkfifo "$work/out"
  local t0; t0=$(date +%s%N)
  "$locus" dev "$work/crm" --port 0 "${web_flag[@]}" >"$work/out" 2>"$work/err" &
  dev_pid=$!
  exec 3<"$work/out"
  local line; IFS= read -r -t 300 line <&3 || { cat "$work/err" >&2; exit 1; }
  ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  api_port=$(sed -E 's/.*api=http:\/\/127\.0\.0\.1:([0-9]+).*/\1/' <<<"$line")
  web_port=$(sed -E 's/.*web=http:\/\/127\.0\.0\.1:([0-9]+).*/\1/' <<<"$line")
  cat <&3 >/dev/null &   # keep draining the logs
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores; web: $([[ ${#web_flag[@]} == 0 ]] && echo 'next dev' || echo off)"
start; echo "first start (initdb, tsc, first page compile): ${ready_ms} ms"; stop
times=()
for i in $(seq 1 "$runs"); do start; times+=("$ready_ms"); [[ $i == "$runs" ]] || stop; done
echo "ready after first install: median $(printf '%s\n' "${times[@]}" | median) ms over $runs (${times[*]})"

db=$(grep -o 'database postgresql://[^;]*' "$work/err" | head -1 | cut -d' ' -f2)
for i in $(seq 1 "$writes"); do
  curl -sf -o /dev/null -H 'content-type: application/json' \
    -d "{\"firstName\":\"B$i\",\"lastName\":\"Bench\",\"email\":\"b$i-$RANDOM@example.com\"}" \
    "http://127.0.0.1:$api_port/api/contacts"
  sleep 0.05
done
sleep 1
q() { psql "$db" -XAtc "$1"; }
q "SELECT r.created_ms - m.created_ms FROM locus_queue m JOIN locus_runs r ON r.id = 'm' || m.seq || '-WelcomeContact' WHERE m.topic = 'create:Contact' ORDER BY m.seq DESC LIMIT $writes" >"$work/started"
q "SELECT r.updated_ms - m.created_ms FROM locus_queue m JOIN locus_runs r ON r.id = 'm' || m.seq || '-WelcomeContact' WHERE m.topic = 'create:Contact' AND r.status = 'completed' ORDER BY m.seq DESC LIMIT $writes" >"$work/done"
echo "write → run started: median $(median <"$work/started") ms, max $(sort -n "$work/started" | tail -1) ms over $(wc -l <"$work/started") writes"
echo "write → run completed: median $(median <"$work/done") ms over $(wc -l <"$work/done") writes"

if [[ "${NO_WEB:-0}" != 1 ]]; then
  edit_ms=()
  for i in $(seq 1 "$edits"); do
    sed -i -E "s/<Heading level=\{1\}>Pipeline[^<]*</<Heading level={1}>Pipeline $i</" "$work/crm/pages.locus"
    t0=$(date +%s%N)
    until curl -sf "http://127.0.0.1:$web_port/" | grep -q "Pipeline $i<"; do
      (( ($(date +%s%N) - t0) / 1000000 < 60000 )) || { echo "edit $i not served within 60 s" >&2; exit 1; }
      sleep 0.02
    done
    edit_ms+=($(( ($(date +%s%N) - t0) / 1000000 )))
  done
  echo ".locus edit → page served with it: median $(printf '%s\n' "${edit_ms[@]}" | median) ms over $edits (${edit_ms[*]})"
fi
stop
