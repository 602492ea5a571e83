#!/usr/bin/env bash
# Plugin registry figures (docs/performance.md, "Plugin packages"):
#   1. install latency: `locusc plugin install audit-fields` (the median of the example plugins by
#      size) into a fresh project (no lock, empty cache and store) from a local registry — a
#      directory (file://) and `locusc registry serve` on loopback — median of RUNS runs;
#   2. registry API latency: locus_registry_api_bench with CLIENTS concurrent kept-alive clients
#      against `locusc registry serve` (SQLite) holding the example plugins and PACKAGES synthetic
#      ones (copies of audit-fields under other names).
# Usage: bench/packages/registry_bench.sh BUILD_DIR   env RUNS (15), CLIENTS (50), REQUESTS (400),
#        PACKAGES (45), DB (the server's --db; default SQLite). On PostgreSQL:
#        tests/support/pg_temp.sh run -- env DB=... (DB="$DATABASE_URL" inside, e.g. via bash -c)
set -euo pipefail
build=$(cd "${1:?usage: registry_bench.sh BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
locusc="$build/compiler/locusc"
apibench="$build/bench/locus_registry_api_bench"
runs=${RUNS:-15}
clients=${CLIENTS:-50}
requests=${REQUESTS:-400}
synthetic=${PACKAGES:-45}
work=$(mktemp -d -t locus-registry-bench-XXXXXX)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"

"$locusc" plugin keygen -o pub > /dev/null
publish() { # publish DIR NAME
  "$locusc" plugin pack "$1" -o "$2.tgz" > /dev/null
  "$locusc" plugin sign "$2.tgz" --key pub.key > /dev/null
  "$locusc" plugin publish "$2.tgz" --registry "file://$work/reg" --channel ga > /dev/null
}
names=()
for p in audit-fields naming-lint notify-step fastapi-gen compose-deploy; do
  publish "$src/examples/plugins/$p" "$p"
  names+=("$p")
  echo "$p: $(stat -c %s "$p.tgz") bytes packed"
done
for i in $(seq -w 1 "$synthetic"); do
  cp -r "$src/examples/plugins/audit-fields" "syn$i"
  sed -i "s/\"name\": \"audit-fields\"/\"name\": \"synthetic-$i\"/" "syn$i/locus-plugin.json"
  publish "syn$i" "synthetic-$i"
  names+=("synthetic-$i")
done

"$locusc" registry serve "$work/reg" ${DB:+--db "$DB"} --port 0 > serve.out 2> serve.err &
server=$!
for _ in $(seq 100); do grep -q '^serving ' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^serving //p' serve.out)

median_install() { # median_install URL: milliseconds
  mkdir -p proj && rm -rf proj/* proj/.locus
  cp "$src"/examples/scaffold/*.locus proj/
  printf '[registries.default]\nurl = "%s"\nkeys = ["%s"]\n' "$1" "$(sed -n 2p pub.pub)" > proj/Locus.toml
  local times=()
  for _ in $(seq "$runs"); do
    rm -rf proj/.locus proj/locus.lock
    local t0 t1
    t0=$(date +%s%N)
    (cd proj && "$locusc" plugin install audit-fields > /dev/null)
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f ms (min %.1f, max %.1f)", m/1000, a[1]/1000, a[NR]/1000}'
}
echo "install audit-fields from file://: $(median_install "file://$work/reg")"
echo "install audit-fields from $url: $(median_install "$url")"
echo "registry API, $((synthetic + 5)) packages, database ${DB:-SQLite}:"
"$apibench" "$url" 2 50 "${names[@]}" > /dev/null # warm-up
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; } # the server's user + system ticks
before=$(cpu)
"$apibench" "$url" "$clients" "$requests" "${names[@]}"
echo "server CPU: $(( ($(cpu) - before) * 1000000 / $(getconf CLK_TCK) / (clients * requests) )) µs a request"
