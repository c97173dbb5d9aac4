#!/usr/bin/env bash
# Outbox fan-out benchmark: bench/outbox.sh [NOTICES] [RUNS] (defaults 5000 and 3). See bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${WECHATLIB_BENCH_STATE:-/tmp/wechatlib-bench}
services="$root/scripts/services.sh"
bash "$services" start-postgres "$state" 15434 >/dev/null
bash "$services" start-redis "$state" 16381 >/dev/null
trap 'bash "$services" stop-redis "$state" >/dev/null; bash "$services" stop-postgres "$state" >/dev/null' EXIT
dotnet build "$root/Api/Api.csproj" -c Release -nologo -v quiet >/dev/null
dotnet run --project "$root/bench/OutboxBench" -c Release -- "$@"
