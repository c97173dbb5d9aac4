#!/usr/bin/env bash
# Gateway benchmark: CLICK MY_LOANS in safe mode against its I/O floor, a bare endpoint and (when PEER_DIR points at
# the Node peer's folder) the Node peer, median of ROUNDS, then p99 at a paced RATE. See bench/README.md.
#   bench/gateway.sh                      PEER_DIR=/path/to/node-wechat ROUNDS=3 SECONDS_EACH=10 bench/gateway.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${WECHATLIB_BENCH_STATE:-/tmp/wechatlib-bench}
rounds=${ROUNDS:-3}
seconds=${SECONDS_EACH:-10}
rate=${RATE:-1000}
connections=${CONNECTIONS:-64}
services="$root/scripts/services.sh"
pg_port=15434
redis_port=16381
api_port=18080
peer_port=18090

bash "$services" start-postgres "$state" "$pg_port" >/dev/null
bash "$services" start-redis "$state" "$redis_port" >/dev/null
api_pid=""
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  [ -n "${PEER_DIR:-}" ] && PEER_RUN="$state/peer" bash "$PEER_DIR/stop.sh" >/dev/null 2>&1
  bash "$services" stop-redis "$state" >/dev/null
  bash "$services" stop-postgres "$state" >/dev/null
}
trap cleanup EXIT

dotnet build "$root/Api/Api.csproj" -c Release -nologo -v quiet >/dev/null
dotnet build "$root/bench/LoadGenerator" -c Release -nologo -v quiet >/dev/null
generator="$root/bench/LoadGenerator/bin/Release/net10.0/WeChatLib.LoadGenerator.dll"

bash "$services" create-database "$pg_port" wechatlib_bench
app=(env ASPNETCORE_ENVIRONMENT=Production
  "ConnectionStrings__Postgres=Host=127.0.0.1;Port=$pg_port;Database=wechatlib_bench;Username=postgres;Max Auto Prepare=64;Maximum Pool Size=64"
  "ConnectionStrings__Redis=127.0.0.1:$redis_port" Redis__KeyPrefix=bench:
  WeChat__AppId=wxbench00000000001 WeChat__AppSecret=bench-secret WeChat__Token=benchtoken
  WeChat__EncodingAesKey=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG WeChat__ApiBaseUrl=http://127.0.0.1:9
  PublicBaseUrl=https://lib.example.edu.cn Jwt__SigningKey=bench-signing-key-that-is-long-enough-0123456789
  Bench__Endpoints=true RateLimits__ReaderMessages__PerMinute=100000
  Logging__LogLevel__Default=Warning "Logging__LogLevel__Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning"
  dotnet "$root/Api/bin/Release/net10.0/WeChatLib.Api.dll")
(cd "$root/Api/bin/Release/net10.0" && "${app[@]}" migrate >/dev/null)
if ! psql -h 127.0.0.1 -p "$pg_port" -U postgres -d wechatlib_bench -Atqc "select 1 from loans limit 1" | grep -q 1; then
  echo "seeding the benchmark library ..." >&2
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -d wechatlib_bench -v ON_ERROR_STOP=1 -q -f "$root/bench/gateway/seed.sql" >/dev/null
fi
redis-cli -p "$redis_port" flushall >/dev/null
(cd "$root/Api/bin/Release/net10.0" && exec "${app[@]}" --urls "http://127.0.0.1:$api_port") >"$state/api.log" 2>&1 &
api_pid=$!
until curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1; do sleep 0.3; done

if [ -n "${PEER_DIR:-}" ]; then
  PEER_RUN="$state/peer" PORT=$peer_port WORKERS=2 PG_URL="postgres://postgres@127.0.0.1:$pg_port/peer" \
    REDIS_URL="redis://127.0.0.1:$redis_port/3" bash "$PEER_DIR/start.sh" >&2
fi

load() { dotnet "$generator" --connections "$connections" --seconds "$seconds" "$@"; }
results="$state/gateway-results.txt"
: >"$results"
# One untimed pass first: .NET's tiered, profile-guided JIT needs some seconds of load to reach its final code.
echo "warming up" >&2
for target in wechat floor bare; do load --url "http://127.0.0.1:$api_port" --target "$target" >/dev/null; done
for round in $(seq "$rounds"); do
  echo "round $round" >&2
  load --url "http://127.0.0.1:$api_port" --target wechat | tee -a "$results" >&2
  load --url "http://127.0.0.1:$api_port" --target floor | tee -a "$results" >&2
  load --url "http://127.0.0.1:$api_port" --target bare | tee -a "$results" >&2
  if [ -n "${PEER_DIR:-}" ]; then
    load --url "http://127.0.0.1:$peer_port" --target peer --token peerToken123 --appid wxpeer0000000001 | tee -a "$results" >&2
  fi
  load --url "http://127.0.0.1:$api_port" --target wechat --mode open --rate "$rate" | sed 's/^wechat open/wechat-paced open/' | tee -a "$results" >&2
done

# Medians per target.
awk '{ split($3, r, "="); split($6, p, "="); sub("ms", "", p[2]); rps[$1] = rps[$1] " " r[2]; p99[$1] = p99[$1] " " p[2] }
  END { for (t in rps) print t, rps[t], "|", p99[t] }' "$results" |
  while read -r target rest; do
    rps=$(echo "${rest%%|*}" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    p99=$(echo "${rest##*|}" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-14s req/s %8s   p99 %8s ms\n' "$target" "$rps" "$p99"
  done
