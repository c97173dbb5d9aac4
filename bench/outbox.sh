#!/usr/bin/env bash
# Outbox fan-out benchmark: bench/outbox.sh [NOTICES] [RUNS] (defaults 5000 and 3). See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${WECHATLIB_BENCH_STATE:-/tmp/wechatlib-bench}
services="$root/scripts/services.sh"
export WECHATLIB_BENCH_PG_PORT=${WECHATLIB_BENCH_PG_PORT:-15434}
export WECHATLIB_BENCH_REDIS_PORT=${WECHATLIB_BENCH_REDIS_PORT:-16381}
bash "$services" start-postgres "$state" "$WECHATLIB_BENCH_PG_PORT" >/dev/null
bash "$services" start-redis "$state" "$WECHATLIB_BENCH_REDIS_PORT" >/dev/null
trap 'bash "$services" stop-redis "$state" >/dev/null; bash "$services" stop-postgres "$state" >/dev/null' EXIT
dotnet build "$root/Api/Api.csproj" -c Release -nologo -v quiet >/dev/null
dotnet run --project "$root/bench/OutboxBench" -c Release -- "$@"
