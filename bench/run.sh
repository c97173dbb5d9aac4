#!/usr/bin/env bash
# HTTP benchmarks of the running service with wrk, reported as ratios to a floor measured in the same sitting.
# Floor: GET /health/live (the framework's pipeline with no check). Each figure is the median of RUNS runs.
#   bench/run.sh            RUNS=5 DURATION=10s CONNECTIONS=64 bench/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${WECHATLIB_BENCH_STATE:-/tmp/wechatlib-bench}
pg_port=15434
redis_port=16381
port=18080
runs=${RUNS:-3}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-64}
services="$root/scripts/services.sh"

command -v wrk >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
bash "$services" start-postgres "$state" "$pg_port" >/dev/null
bash "$services" start-redis "$state" "$redis_port" >/dev/null
bash "$services" create-database "$pg_port" wechatlib
api_pid=""
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  bash "$services" stop-redis "$state" >/dev/null
  bash "$services" stop-postgres "$state" >/dev/null
}
trap cleanup EXIT

dotnet build "$root/Api/Api.csproj" -c Release -nologo -v quiet >/dev/null
export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Database=wechatlib;Username=postgres;Max Auto Prepare=64"
export ConnectionStrings__Redis="127.0.0.1:$redis_port"
cd "$root/Api/bin/Release/net10.0"
dotnet WeChatLib.Api.dll seed >/dev/null
dotnet WeChatLib.Api.dll --urls "http://127.0.0.1:$port" >"$state/api.log" 2>&1 &
api_pid=$!
until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.3; done

# Requests per second of one wrk run (2 threads, as many cores as the machine has).
rps() { wrk -t2 -c"$connections" -d"$duration" "http://127.0.0.1:$port$1" | awk '/Requests\/sec/ {print $2}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A result
for path in /health/live /api/v1/branches; do
  rps "$path" >/dev/null  # warm-up: JIT, connection pools, prepared statements
  result[$path]=$(for _ in $(seq "$runs"); do rps "$path"; done | median)
done
floor=${result[/health/live]}
printf '%-24s %12s %8s\n' endpoint req/s ratio
for path in /health/live /api/v1/branches; do
  awk -v p="$path" -v r="${result[$path]}" -v f="$floor" 'BEGIN { printf "%-24s %12.0f %8.2f\n", p, r, r / f }'
done
