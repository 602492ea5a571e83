#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: initdb into a fresh temp dir, listen on 127.0.0.1 on a
# free port (and a unix socket inside the dir), trust authentication, superuser `locus`.
#
#   pg_temp.sh start [--owner PID] [--lifetime SECONDS]
#       Starts a server and prints KEY=VALUE lines on stdout (`set -a; eval "$(pg_temp.sh start)"`):
#         PG_TEMP_DIR=/tmp/pg_temp.XXXXXX  PGHOST=127.0.0.1  PGPORT=NNNNN  PGUSER=locus
#         PGDATABASE=postgres  DATABASE_URL=postgresql://locus@127.0.0.1:NNNNN/postgres
#       A watchdog stops the server and removes the dir when PID (if given) exits, or after
#       SECONDS (default 3600), whichever comes first — so a crashed test never leaks a server.
#   pg_temp.sh stop DIR
#       Stops the server of DIR (a dir printed by `start`) and removes DIR. Idempotent.
#   pg_temp.sh run -- COMMAND [ARGS...]
#       Starts a server, runs COMMAND with the variables above exported, then stops and cleans
#       up (also on failure or Ctrl-C). Exits with COMMAND's status.
#
# Works as root (the server runs as `nobody`, initdb refuses root) and as a normal user.
# Environment: PG_BIN (default: the newest /usr/lib/postgresql/*/bin), TMPDIR.
set -euo pipefail

die() { echo "pg_temp.sh: $*" >&2; exit 2; }

find_pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n "$d" && -x "$d/initdb" ]] || die "no PostgreSQL server binaries found (install postgresql, or set PG_BIN)"
  echo "$d"
}

# Runs a command as the server's owner (nobody when we are root).
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi
}

free_port() {
  # A random port in 20000..59999 that nothing listens on now; `start` retries on a race.
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free TCP port found on 127.0.0.1"
}

stop_dir() {
  local dir=$1 bin
  [[ -d "$dir" ]] || return 0
  [[ -f "$dir/.pg_temp" ]] || die "$dir was not made by pg_temp.sh (no .pg_temp marker); refusing to touch it"
  bin=$(cat "$dir/.pg_temp")
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  if [[ -f "$dir/watchdog.pid" ]]; then
    kill "$(cat "$dir/watchdog.pid")" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

start_watchdog() {
  local dir=$1 owner=$2 lifetime=$3
  (
    trap '' HUP
    deadline=$((SECONDS + lifetime))
    while ((SECONDS < deadline)); do
      [[ -d "$dir" ]] || exit 0
      if [[ -n "$owner" ]] && ! kill -0 "$owner" 2>/dev/null; then break; fi
      sleep 1
    done
    rm -f "$dir/watchdog.pid" # so stop_dir does not kill this watchdog before it cleans up
    stop_dir "$dir" || true
  ) </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/watchdog.pid"
}

start_server() {
  local owner="" lifetime=3600
  while (($#)); do
    case $1 in
      --owner) owner=${2:?--owner needs a PID}; shift 2 ;;
      --lifetime) lifetime=${2:?--lifetime needs seconds}; shift 2 ;;
      *) die "start: unknown option '$1'" ;;
    esac
  done
  local bin dir port log
  bin=$(find_pg_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/pg_temp.XXXXXX")
  echo "$bin" >"$dir/.pg_temp"
  mkdir "$dir/data" "$dir/sock"
  if [[ $(id -u) -eq 0 ]]; then
    chmod 755 "$dir"
    chown nobody "$dir/data" "$dir/sock"
  fi
  log="$dir/server.log"
  as_owner touch "$log" 2>/dev/null || { touch "$log"; [[ $(id -u) -eq 0 ]] && chown nobody "$log"; }
  if ! as_owner "$bin/initdb" -D "$dir/data" -U locus --auth=trust --no-sync -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    die "initdb failed (output above)"
  fi
  local started=0
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40" \
        start >/dev/null 2>&1; then
      started=1
      break
    fi
  done
  if ((started == 0)); then
    cat "$log" >&2 || true
    rm -rf "$dir"
    die "postgres did not start (log above)"
  fi
  start_watchdog "$dir" "$owner" "$lifetime"
  cat <<EOF
PG_TEMP_DIR=$dir
PGHOST=127.0.0.1
PGPORT=$port
PGUSER=locus
PGDATABASE=postgres
DATABASE_URL=postgresql://locus@127.0.0.1:$port/postgres
EOF
}

run_with_server() {
  [[ "${1:-}" == "--" ]] && shift
  (($#)) || die "run: no command given (pg_temp.sh run -- COMMAND ...)"
  local vars
  vars=$(start_server --owner $$)
  eval "$vars"
  export PG_TEMP_DIR PGHOST PGPORT PGUSER PGDATABASE DATABASE_URL
  trap 'stop_dir "$PG_TEMP_DIR"' EXIT
  trap 'exit 130' INT TERM
  local status=0
  "$@" || status=$?
  exit "$status"
}

case "${1:-}" in
  start) shift; start_server "$@" ;;
  stop) [[ -n "${2:-}" ]] || die "stop: which dir? (pg_temp.sh stop DIR)"; stop_dir "$2" ;;
  run) shift; run_with_server "$@" ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
