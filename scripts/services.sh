#!/usr/bin/env bash
# Local PostgreSQL and Redis for development and tests, bound to 127.0.0.1, started idempotently and stopped by PID.
#   services.sh start-postgres STATE_DIR PORT [fast]   fast: fsync off, for throwaway test data only
#   services.sh stop-postgres STATE_DIR
#   services.sh start-redis STATE_DIR PORT
#   services.sh stop-redis STATE_DIR
#   services.sh create-database PORT NAME
set -euo pipefail

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }
  echo "$bin"
}

# PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local state=$1 port=$2 mode=${3:-durable} bin data
  bin=$(pg_bin)
  data="$state/pg"
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "PostgreSQL already answering on 127.0.0.1:$port"
    return 0
  fi
  mkdir -p "$state"
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data" && chmod 755 "$state"
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$state/initdb.log"
  fi
  local options="-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300"
  [ "$mode" = fast ] && options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 -o "$options" start >/dev/null
  echo "PostgreSQL started on 127.0.0.1:$port (pid $(head -n 1 "$data/postmaster.pid"))"
}

stop_postgres() {
  local data="$1/pg" bin
  bin=$(pg_bin)
  [ -f "$data/postmaster.pid" ] || return 0
  as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  echo "PostgreSQL stopped"
}

create_database() {
  local port=$1 name=$2
  if ! psql -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname = '$name'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database \"$name\"" >/dev/null
  fi
}

install_redis() {
  command -v redis-server >/dev/null && return 0
  echo "Installing redis-server"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
}

start_redis() {
  local state=$1 port=$2
  install_redis
  if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
    echo "Redis already answering on 127.0.0.1:$port"
    return 0
  fi
  mkdir -p "$state/redis"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --pidfile "$state/redis/redis.pid" --logfile "$state/redis/redis.log" --dir "$state/redis"
  for _ in $(seq 50); do
    redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  echo "Redis started on 127.0.0.1:$port (pid $(cat "$state/redis/redis.pid"))"
}

# Running and not a zombie (stopped processes can linger as zombies here).
alive() { [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat"; }

stop_redis() {
  local pidfile="$1/redis/redis.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  # Redis writes its log as it shuts down: wait, so that callers may remove its folder.
  for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
  rm -f "$pidfile"
  echo "Redis stopped"
}

command=${1:?usage: services.sh start-postgres|stop-postgres|start-redis|stop-redis|create-database ...}
shift
case "$command" in
  start-postgres) start_postgres "$@" ;;
  stop-postgres) stop_postgres "$@" ;;
  start-redis) start_redis "$@" ;;
  stop-redis) stop_redis "$@" ;;
  create-database) create_database "$@" ;;
  *) echo "unknown command: $command" >&2; exit 2 ;;
esac
