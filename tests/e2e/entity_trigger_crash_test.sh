#!/usr/bin/env bash
# Entity triggers survive crashes: examples/crm's WelcomeContact (on:create(Contact)) against a
# real PostgreSQL, while a client creates contacts through the generated API and a chaos loop
# kill -9s the API or the runtime (`locus serve`) at random moments and starts it again. The
# client retries a create until it is answered (201, or 409 when the lost answer's create had
# committed). In the end every contact has exactly one outbox event, one completed WelcomeContact
# run and one welcome activity: nothing lost, nothing duplicated.
#   entity_trigger_crash_test.sh LOCUSC LOCUS [CONTACTS]   (cost: 80 s on a busy 2-core host, ~20 kills)
set -euo pipefail
LOCUSC=${1:?locusc}; LOCUS=${2:?locus}; N=${3:-100}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
NODE_MODULES=$SRC/scripts/node/node_modules
[[ -d $NODE_MODULES/typescript ]] || { echo "skipped: scripts/node is not installed"; exit 0; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/locus-crash.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [[ -n "${PG_TEMP_DIR:-}" ]] && "$SRC/tests/support/pg_temp.sh" stop "$PG_TEMP_DIR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
eval "$("$SRC/tests/support/pg_temp.sh" start --owner $$ --lifetime 600)"

cp -r "$SRC/examples/crm" "$WORK/crm"
"$LOCUSC" build -q "$WORK/crm" -o "$WORK/app"
ln -s "$NODE_MODULES" "$WORK/app/server/node_modules"
(cd "$WORK/app/server" && node "$NODE_MODULES/typescript/bin/tsc" -p .)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RT_PORT=$(free_port); API_PORT=$(free_port)
export LEAD_HOOK_SECRET=crash-test
start_runtime() {
  "$LOCUS" serve --quiet --project "$WORK/crm" --db "$DATABASE_URL" --port "$RT_PORT" \
    --schema "$WORK/app/db/postgres/migrations" --poll-ms 20 --concurrency 4 >>"$WORK/runtime.log" 2>&1 &
  RT_PID=$!; PIDS+=("$RT_PID")
}
start_api() {
  (cd "$WORK/app/server" && exec env DATABASE_URL="$DATABASE_URL" PORT="$API_PORT" HOST=127.0.0.1 \
    LOCUS_RUNTIME_URL="http://127.0.0.1:$RT_PORT" node dist/index.js >>"$WORK/api.log" 2>&1) &
  API_PID=$!; PIDS+=("$API_PID")
}
wait_up() { for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.05; done; return 1; }

start_runtime; wait_up "$RT_PORT" || { cat "$WORK/runtime.log"; exit 1; }
start_api; wait_up "$API_PORT" || { cat "$WORK/api.log"; exit 1; }

# The client: every create until it is answered.
client() {
  local i status
  for i in $(seq 1 "$N"); do
    while :; do
      status=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -H 'content-type: application/json' \
        -d "{\"firstName\":\"C$i\",\"lastName\":\"Crash\",\"email\":\"c$i@example.com\"}" \
        "http://127.0.0.1:$API_PORT/api/contacts" || true)
      [[ $status == 201 || $status == 409 ]] && break
      sleep 0.02
    done
  done
}
client &
CLIENT=$!
KILLS=0
while kill -0 "$CLIENT" 2>/dev/null; do
  sleep "0.$((RANDOM % 6 + 1))"
  if ((RANDOM % 2)); then
    kill -9 "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; start_api
    wait_up "$API_PORT" || true # the next kill only once it serves again: the client progresses
  else
    kill -9 "$RT_PID" 2>/dev/null || true; wait "$RT_PID" 2>/dev/null || true; start_runtime
    wait_up "$RT_PORT" || true
  fi
  KILLS=$((KILLS + 1))
done
wait "$CLIENT"

q() { psql "$DATABASE_URL" -XAtc "$1"; }
# Everything settles: every event delivered, every run finished.
for _ in $(seq 1 600); do
  pending=$(q "SELECT (SELECT count(*) FROM locus_queue WHERE status = 'pending') + (SELECT count(*) FROM locus_runs WHERE status <> 'completed')")
  [[ $pending == 0 ]] && break
  sleep 0.1
done
contacts=$(q "SELECT count(*) FROM contacts")
events=$(q "SELECT count(*) FROM locus_queue WHERE topic = 'create:Contact'")
runs=$(q "SELECT count(*) FROM locus_runs WHERE workflow = 'WelcomeContact' AND status = 'completed'")
welcomes=$(q "SELECT count(*) FROM activities WHERE kind = 'welcome'")
wrong=$(q "SELECT count(*) FROM contacts c WHERE (SELECT count(*) FROM activities a WHERE a.contact_id = c.id AND a.kind = 'welcome') <> 1")
echo "kills=$KILLS contacts=$contacts events=$events runs=$runs welcomes=$welcomes wrong=$wrong pending=$pending"
fail=0
[[ $contacts == "$N" ]] || { echo "FAIL: $contacts contacts, expected $N"; fail=1; }
[[ $events == "$N" && $runs == "$N" && $welcomes == "$N" && $wrong == 0 ]] || { echo "FAIL: lost or duplicated"; fail=1; }
((KILLS > 0)) || { echo "FAIL: nothing was killed"; fail=1; }
if ((fail)); then tail -20 "$WORK/runtime.log" "$WORK/api.log"; exit 1; fi
echo "ok"
