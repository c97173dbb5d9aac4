#!/usr/bin/env bash
# Runs every test against a PostgreSQL and a Redis of their own (other ports and folder than the run command's,
# so tests never touch demo data), then prints "N passed, N failed, N skipped" and exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${WECHATLIB_TEST_STATE:-/tmp/wechatlib-test}
pg_port=${WECHATLIB_TEST_PG_PORT:-15433}
redis_port=${WECHATLIB_TEST_REDIS_PORT:-16380}
services="$root/scripts/services.sh"

# Redis for the tests, Chromium (and a CJK font) for the browser tests: installed once, when missing.
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v chromium >/dev/null || missing+=(chromium fonts-wqy-zenhei)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

bash "$services" start-postgres "$state" "$pg_port" fast
bash "$services" start-redis "$state" "$redis_port"
trap 'bash "$services" stop-redis "$state" >/dev/null; bash "$services" stop-postgres "$state" >/dev/null' EXIT

export WECHATLIB_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export WECHATLIB_TEST_REDIS="127.0.0.1:$redis_port"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! dotnet build "$root/WeChatLib.sln" -c Release -nologo -v quiet; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
log=$(mktemp)
set +e
dotnet test "$root/WeChatLib.sln" -c Release --no-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 5, Skipped: 0, Total: 5, …").
summary=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
  awk '{f+=$1; p+=$2; s+=$3} END {printf "%d %d %d", p, f, s}')
read -r passed failed skipped <<<"${summary:-0 0 0}"
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
