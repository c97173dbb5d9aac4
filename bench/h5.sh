#!/usr/bin/env bash
# Reader pages' time to first content: bench/h5.sh [RUNS] [--slow] (default 5 runs).
# The service as shipped (the published build, Production, the shipped appsettings.json, a plain connection string) on
# the demo library, the fake WeChat on its own port for the pages' WeChat sign-in, and headless Chromium shaped as a
# phone in WeChat (bench/H5Timing). Each figure is the median of RUNS, with its ratio to the floor measured in the same
# sitting: the first paint of the service's bare /health/live. See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${WECHATLIB_BENCH_STATE:-/tmp/wechatlib-bench-h5}
pg_port=${WECHATLIB_BENCH_PG_PORT:-15435}
redis_port=${WECHATLIB_BENCH_REDIS_PORT:-16382}
api_port=${WECHATLIB_BENCH_API_PORT:-18084}
fakes_port=${WECHATLIB_BENCH_FAKES_PORT:-18184}
database=wechatlib_h5
services="$root/scripts/services.sh"

command -v chromium >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; }
bash "$services" start-postgres "$state" "$pg_port" >/dev/null
bash "$services" start-redis "$state" "$redis_port" >/dev/null
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  bash "$services" stop-redis "$state" >/dev/null
  bash "$services" stop-postgres "$state" >/dev/null
}
trap cleanup EXIT

publish="$state/publish"
dotnet publish "$root/Api/Api.csproj" -c Release -nologo -v quiet -o "$publish" >/dev/null
dotnet build "$root/Tests/WeChatLib.Fakes/WeChatLib.Fakes.csproj" -c Release -nologo -v quiet >/dev/null
dotnet build "$root/bench/H5Timing/H5Timing.csproj" -c Release -nologo -v quiet >/dev/null

psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "drop database if exists $database with (force)"
bash "$services" create-database "$pg_port" "$database"
postgres="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database"
# The demo library (seeding is refused in Production), then the service as shipped.
(cd "$state" && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Postgres="$postgres" ConnectionStrings__Redis="127.0.0.1:$redis_port" \
  dotnet "$publish/WeChatLib.Api.dll" seed >/dev/null)
(cd "$root/Tests/WeChatLib.Fakes/bin/Release/net10.0" && exec dotnet WeChatLib.Fakes.dll --urls "http://127.0.0.1:$fakes_port") >"$state/fakes.log" 2>&1 &
pids+=($!)
(cd "$state" && exec env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Postgres="$postgres" \
  ConnectionStrings__Redis="127.0.0.1:$redis_port" Redis__KeyPrefix=h5: \
  WeChat__AppId=wxd0e0000000000001 WeChat__AppSecret=development-secret-of-the-fake-wechat-api WeChat__Token=wechatlibdev \
  WeChat__EncodingAesKey=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG WeChat__ApiBaseUrl="http://127.0.0.1:$fakes_port" \
  WeChat__OAuthBaseUrl="http://127.0.0.1:$fakes_port" PublicBaseUrl="http://127.0.0.1:$api_port" \
  Jwt__SigningKey=bench-signing-key-that-is-long-enough-0123456789 Outbox__WorkersEnabled=false \
  dotnet "$publish/WeChatLib.Api.dll" --urls "http://127.0.0.1:$api_port") >"$state/api.log" 2>&1 &
pids+=($!)
until curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1; do
  kill -0 "${pids[1]}" 2>/dev/null || { echo "the service did not start; see $state/api.log" >&2; exit 1; }
  sleep 0.3
done
until curl -fs "http://127.0.0.1:$fakes_port/_fake/calls" >/dev/null 2>&1; do sleep 0.3; done
echo "service as shipped: $publish/WeChatLib.Api.dll, Production, shipped appsettings.json, plain connection string"

dotnet "$root/bench/H5Timing/bin/Release/net10.0/WeChatLib.H5Timing.dll" "http://127.0.0.1:$api_port" "http://127.0.0.1:$fakes_port" \
  oDemo20250101 "${1:-5}" "${@:2}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
