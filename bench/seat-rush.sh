#!/usr/bin/env bash
# Seat booking rush benchmark: bench/seat-rush.sh [RUNS] (default 3). 2,000 seats in five zones, 10,000 bound readers
# signed in through the service's WeChat sign-in; booking opens and every reader asks at once for the best free seat of
# a zone (POST /api/v1/me/seat-bookings), CONNECTIONS (default 128) requests in flight, against a floor of plain
# single-row insert transactions on the same database at the same concurrency, in the same sitting. Fails unless every
# seat is booked once, no reader twice, and nothing but "taken" answers the rest. TUNED='Key=Value …' adds a row.
# The service runs as shipped: the published build, Production, the shipped appsettings.json, a plain connection string.
# See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${WECHATLIB_BENCH_STATE:-/tmp/wechatlib-bench}
services="$root/scripts/services.sh"
export WECHATLIB_BENCH_PG_PORT=${WECHATLIB_BENCH_PG_PORT:-15434}
export WECHATLIB_BENCH_REDIS_PORT=${WECHATLIB_BENCH_REDIS_PORT:-16381}
export WECHATLIB_BENCH_API_PORT=${WECHATLIB_BENCH_API_PORT:-18083}
bash "$services" start-postgres "$state" "$WECHATLIB_BENCH_PG_PORT" >/dev/null
bash "$services" start-redis "$state" "$WECHATLIB_BENCH_REDIS_PORT" >/dev/null
trap 'bash "$services" stop-redis "$state" >/dev/null; bash "$services" stop-postgres "$state" >/dev/null' EXIT
redis-cli -p "$WECHATLIB_BENCH_REDIS_PORT" flushall >/dev/null
publish="$state/publish"
dotnet publish "$root/Api/Api.csproj" -c Release -nologo -v quiet -o "$publish" >/dev/null
dotnet build "$root/bench/SeatRush" -c Release -nologo -v quiet >/dev/null
dotnet "$root/bench/SeatRush/bin/Release/net10.0/WeChatLib.SeatRush.dll" "$publish/WeChatLib.Api.dll" "$@"
