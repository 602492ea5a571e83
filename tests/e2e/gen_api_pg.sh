#!/usr/bin/env bash
# A throwaway PostgreSQL for the API end-to-end test, used only while tests/support/pg_temp.sh
# (same interface) is not in main.
#   gen_api_pg.sh start   prints PG_TEMP_DIR=… PGPORT=… DATABASE_URL=…
#   gen_api_pg.sh stop DIR
set -euo pipefail
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[[ -x "$BIN/initdb" ]] || { echo "gen_api_pg.sh: no PostgreSQL server binaries (set PG_BIN)" >&2; exit 2; }
as_owner() { if [[ $(id -u) -eq 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/gen_api_pg.XXXXXX")
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown nobody "$dir"
    as_owner "$BIN/initdb" -D "$dir/data" -U locus --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    for _ in 1 2 3 4 5; do
      port=$((20000 + RANDOM % 40000))
      if as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
          -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1; then
        echo "PG_TEMP_DIR=$dir"
        echo "PGPORT=$port"
        echo "DATABASE_URL=postgresql://locus@127.0.0.1:$port/postgres"
        exit 0
      fi
    done
    cat "$dir/server.log" >&2
    exit 1 ;;
  stop)
    dir=${2:?usage: gen_api_pg.sh stop DIR}
    [[ -d "$dir/data" ]] && as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir" ;;
  *) echo "usage: gen_api_pg.sh start | stop DIR" >&2; exit 2 ;;
esac
