#!/usr/bin/env bash
# What access policies cost the generated API: the same program built twice, once with a real
# read policy on Note (`currentUser.id == ownerId || public`, a SQL condition with a bound user
# field) and once with `read: true`, both signed in, on one throwaway PostgreSQL holding NOTES
# notes of two users. Per server, sequential keep-alive requests of GET /api/notes?limit=50 (a
# list: the policy filters in SQL) and GET /api/notes/:id (a get); the servers alternate in ROUNDS
# rounds of REQUESTS requests each, and the p50 of every request of each kind is printed.
#   bench/policy_bench.sh [path/to/locusc]     env NOTES (2000), ROUNDS (5), REQUESTS (200)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
locusc="${1:-$root/build/compiler/locusc}"
notes="${NOTES:-2000}"; rounds="${ROUNDS:-5}"; requests="${REQUESTS:-200}"
modules="$root/scripts/node/node_modules"
[[ -x "$locusc" ]] || { echo "locusc not found at $locusc (build it first)" >&2; exit 2; }
work="$(mktemp -d -t locus-policy-bench-XXXXXX)"
pids=(); pg_dir=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -n "$pg_dir" ]] && "$root/tests/support/pg_temp.sh" stop "$pg_dir" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

program() { # $1: the read policy of Note
  cat <<EOF
auth { user: User, identity: email, password: passwordHash }
database {
  entity User { email: String @unique  passwordHash: String  access { read: currentUser.id == id } }
  entity Note {
    text: String
    ownerId: Integer
    public: Boolean @default(false)
    access { read: $1 }
  }
}
EOF
}

for variant in policy open; do
  mkdir -p "$work/$variant"
  if [[ $variant == policy ]]; then program 'currentUser.id == ownerId || public'; else program 'true'; fi >"$work/$variant/app.locus"
  "$locusc" build -q "$work/$variant" -o "$work/$variant-out"
  ln -s "$modules" "$work/$variant-out/server/node_modules"
  (cd "$work/$variant-out/server" && "$modules/.bin/tsc" -p .)
done

eval "$("$root/tests/support/pg_temp.sh" start --owner $$)"
pg_dir="$PG_TEMP_DIR"
psql "$DATABASE_URL" -q -v ON_ERROR_STOP=1 -f "$work/policy-out/db/postgres/schema.sql"

start_server() { # $1: variant; sets port
  (cd "$work/$1-out/server" && DATABASE_URL="$DATABASE_URL" PORT=0 HOST=127.0.0.1 \
     AUTH_LOGINS_PER_MINUTE=100000 exec node dist/index.js) >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    grep -q "listening on" "$work/$1.log" 2>/dev/null && break; sleep 0.1
  done
  port=$(sed -nE 's/.*listening on http:\/\/127\.0\.0\.1:([0-9]+).*/\1/p' "$work/$1.log" | head -1)
}
start_server policy; policy_port=$port
start_server open; open_port=$port

# Two users through the API (sign-up), then the notes in SQL, half each, a tenth of them public.
cat >"$work/measure.mjs" <<'EOF'
const [mode, port, arg] = process.argv.slice(2);
const base = `http://127.0.0.1:${port}`;
async function cookieOf(email) {
  const r = await fetch(base + "/auth/login", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "bench password" }) });
  return r.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}
if (mode === "signup") {
  for (const email of ["a@bench.test", "b@bench.test"])
    await fetch(base + "/auth/signup", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "bench password" }) });
} else {
  const cookie = await cookieOf("a@bench.test");
  const n = Number(arg), times = { list: [], get: [] };
  for (let i = 0; i < n; i++) {
    for (const [kind, path] of [["list", "/api/notes?limit=50"], ["get", `/api/notes/${2 + 2 * (i % 500)}`]]) {
      const t = process.hrtime.bigint();
      const r = await fetch(base + path, { headers: { cookie } });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
      times[kind].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  console.log(JSON.stringify(times));
}
EOF
node "$work/measure.mjs" signup "$policy_port"
psql "$DATABASE_URL" -q -c "INSERT INTO notes (text, owner_id, public)
  SELECT 'note ' || g, 1 + g % 2, g % 10 = 0 FROM generate_series(1, $notes) g"

for variant in policy open; do echo '{"list":[],"get":[]}' >"$work/$variant.times"; done
node "$work/measure.mjs" measure "$policy_port" 50 >/dev/null # warm both servers up
node "$work/measure.mjs" measure "$open_port" 50 >/dev/null
for round in $(seq 1 "$rounds"); do
  for variant in policy open; do
    port=$policy_port; [[ $variant == open ]] && port=$open_port
    node "$work/measure.mjs" measure "$port" "$requests" >"$work/round.json"
    node -e '
      const fs = require("fs"); const [all, round] = process.argv.slice(1);
      const a = JSON.parse(fs.readFileSync(all)), r = JSON.parse(fs.readFileSync(round));
      for (const k of ["list", "get"]) a[k].push(...r[k]);
      fs.writeFileSync(all, JSON.stringify(a));' "$work/$variant.times" "$work/round.json"
  done
done
node -e '
  const fs = require("fs"); const dir = process.argv[1];
  const p50 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const t = { policy: JSON.parse(fs.readFileSync(dir + "/policy.times")), open: JSON.parse(fs.readFileSync(dir + "/open.times")) };
  for (const k of ["list", "get"]) {
    const a = p50(t.policy[k]), b = p50(t.open[k]);
    console.log(`${k}: p50 with the policy ${a.toFixed(2)} ms, with read: true ${b.toFixed(2)} ms, ` +
      `${((a / b - 1) * 100).toFixed(1)} % (${t.policy[k].length} requests each)`);
  }' "$work"
