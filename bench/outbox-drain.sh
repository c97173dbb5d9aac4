#!/usr/bin/env bash
# Outbox drain benchmark: bench/outbox-drain.sh [NOTICES] [RUNS] (defaults 100000 and 3). NOTICES due notices drained by
# two service instances against the fake WeChat API hosted in the benchmark process, as a ratio to the fake's own
# floor measured in the same sitting. The service runs as shipped: the published build, Production, the shipped
# appsettings.json, a plain connection string. TUNED='Key=Value …' (environment settings) adds a row with them, e.g.
#   TUNED='Outbox__Parallelism=32 Outbox__BatchSize=200' bench/outbox-drain.sh
# See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${WECHATLIB_BENCH_STATE:-/tmp/wechatlib-bench}
services="$root/scripts/services.sh"
export WECHATLIB_BENCH_PG_PORT=${WECHATLIB_BENCH_PG_PORT:-15434}
export WECHATLIB_BENCH_REDIS_PORT=${WECHATLIB_BENCH_REDIS_PORT:-16381}
bash "$services" start-postgres "$state" "$WECHATLIB_BENCH_PG_PORT" >/dev/null
bash "$services" start-redis "$state" "$WECHATLIB_BENCH_REDIS_PORT" >/dev/null
trap 'bash "$services" stop-redis "$state" >/dev/null; bash "$services" stop-postgres "$state" >/dev/null' EXIT
publish="$state/publish"
dotnet publish "$root/Api/Api.csproj" -c Release -nologo -v quiet -o "$publish" >/dev/null
dotnet build "$root/bench/OutboxBench" -c Release -nologo -v quiet >/dev/null
dotnet "$root/bench/OutboxBench/bin/Release/net10.0/WeChatLib.OutboxBench.dll" drain "$publish/WeChatLib.Api.dll" "$@"
