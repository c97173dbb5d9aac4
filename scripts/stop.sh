#!/usr/bin/env bash
# Stops, by PID, what scripts/run.sh started: the API, the fakes, Redis and PostgreSQL.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${WECHATLIB_STATE:-/tmp/wechatlib-dev}

for name in api fakes; do
  pidfile="$state/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    echo "Stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
done
bash "$root/scripts/services.sh" stop-redis "$state"
bash "$root/scripts/services.sh" stop-postgres "$state"
