#!/usr/bin/env bash
# Gateway benchmark: CLICK MY_LOANS in safe mode against its I/O floor, a bare endpoint and (when PEER_DIR points at
# the Node peer's folder) the Node peer, median of ROUNDS, then p99 at a paced RATE; and CLICK RENEW_ALL (5 loans
# renewed per request) against its own I/O floor, closed-loop and paced at RENEW_RATE. See bench/README.md.
# The service runs as shipped: the published build, Production, the shipped appsettings.json, a plain connection
# string. TUNED='Key=Value …' (environment settings) adds a second instance with them, reported as its own row.
#   bench/gateway.sh                      PEER_DIR=/path/to/node-wechat ROUNDS=3 SECONDS_EACH=10 bench/gateway.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${WECHATLIB_BENCH_STATE:-/tmp/wechatlib-bench}
rounds=${ROUNDS:-3}
seconds=${SECONDS_EACH:-10}
rate=${RATE:-1000}
renew_rate=${RENEW_RATE:-250}
connections=${CONNECTIONS:-64}
services="$root/scripts/services.sh"
pg_port=15434
redis_port=16381
api_port=18080
tuned_port=18081
peer_port=18090
tuned=${TUNED:-}

bash "$services" start-postgres "$state" "$pg_port" >/dev/null
bash "$services" start-redis "$state" "$redis_port" >/dev/null
api_pid=""
tuned_pid=""
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  [ -n "$tuned_pid" ] && kill "$tuned_pid" 2>/dev/null && wait "$tuned_pid" 2>/dev/null
  [ -n "${PEER_DIR:-}" ] && PEER_RUN="$state/peer" bash "$PEER_DIR/stop.sh" >/dev/null 2>&1
  bash "$services" stop-redis "$state" >/dev/null
  bash "$services" stop-postgres "$state" >/dev/null
}
trap cleanup EXIT

publish="$state/publish"
dotnet publish "$root/Api/Api.csproj" -c Release -nologo -v quiet -o "$publish" >/dev/null
dotnet build "$root/bench/LoadGenerator" -c Release -nologo -v quiet >/dev/null
generator="$root/bench/LoadGenerator/bin/Release/net10.0/WeChatLib.LoadGenerator.dll"

bash "$services" create-database "$pg_port" wechatlib_bench
# What a deployer sets, and two workload settings: the floor endpoints, and a per-reader message limit above what
# 20,000 readers clicking thousands of times a second need (a real reader is far below the shipped 30 a minute).
app=(env ASPNETCORE_ENVIRONMENT=Production
  "ConnectionStrings__Postgres=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=wechatlib_bench"
  "ConnectionStrings__Redis=127.0.0.1:$redis_port" Redis__KeyPrefix=bench:
  WeChat__AppId=wxbench00000000001 WeChat__AppSecret=bench-secret WeChat__Token=benchtoken
  WeChat__EncodingAesKey=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG WeChat__ApiBaseUrl=http://127.0.0.1:9
  PublicBaseUrl=https://lib.example.edu.cn Jwt__SigningKey=bench-signing-key-that-is-long-enough-0123456789
  Bench__Endpoints=true RateLimits__ReaderMessages__PerMinute=100000)
echo "service as shipped: $publish/WeChatLib.Api.dll, Production, shipped appsettings.json, plain connection string" >&2
echo "workload settings (no tuning): Bench:Endpoints=true, RateLimits:ReaderMessages:PerMinute=100000" >&2
[ -n "$tuned" ] && echo "tuned instance (row wechat-tuned) adds: $tuned" >&2
# Started from the state folder, not the application's: the content root must not depend on the working folder.
db=(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d wechatlib_bench -v ON_ERROR_STOP=1 -Atq)
(cd "$state" && "${app[@]}" dotnet "$publish/WeChatLib.Api.dll" migrate >/dev/null)
# The RENEW_ALL readers came last: a library seeded before them (or before the circulation schema) is seeded afresh.
if ! "${db[@]}" -c "select 1 from patrons where card_number = 'R000004000'" | grep -q 1; then
  echo "seeding the benchmark library ..." >&2
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "drop database if exists wechatlib_bench with (force)"
  bash "$services" create-database "$pg_port" wechatlib_bench
  (cd "$state" && "${app[@]}" dotnet "$publish/WeChatLib.Api.dll" migrate >/dev/null)
  "${db[@]}" -f "$root/bench/gateway/seed.sql" >/dev/null
fi
redis-cli -p "$redis_port" flushall >/dev/null
(cd "$state" && exec "${app[@]}" dotnet "$publish/WeChatLib.Api.dll" --urls "http://127.0.0.1:$api_port") >"$state/api.log" 2>&1 &
api_pid=$!
until curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1; do sleep 0.3; done
if [ -n "$tuned" ]; then
  # shellcheck disable=SC2086 # TUNED is a list of settings
  (cd "$state" && exec "${app[@]}" $tuned dotnet "$publish/WeChatLib.Api.dll" --urls "http://127.0.0.1:$tuned_port") >"$state/api-tuned.log" 2>&1 &
  tuned_pid=$!
  until curl -fs "http://127.0.0.1:$tuned_port/health/ready" >/dev/null 2>&1; do sleep 0.3; done
fi

if [ -n "${PEER_DIR:-}" ]; then
  PEER_RUN="$state/peer" PORT=$peer_port WORKERS=2 PG_URL="postgres://postgres@127.0.0.1:$pg_port/peer" \
    REDIS_URL="redis://127.0.0.1:$redis_port/3" bash "$PEER_DIR/start.sh" >&2
fi

load() { dotnet "$generator" --connections "$connections" --seconds "$seconds" "$@"; }
# Every RENEW_ALL run starts from the seeded loans (due in two weeks, none renewed) and an empty Redis, so that no
# request meets an earlier run's dedupe record; afterwards its renewals are counted, to be sure real renewals were
# measured (a build whose RENEW_ALL does not renew would report the speed of an answer that changes nothing).
renew_load() {
  "${db[@]}" -f "$root/bench/gateway/renew-reset.sql" >/dev/null
  redis-cli -p "$redis_port" flushall >/dev/null
  load "$@"
  local renewed used_up
  renewed=$("${db[@]}" -c "select count(*) from renewals r join loans l on l.id = r.loan_id join patrons p on p.id = l.patron_id where p.card_number like 'R%'")
  used_up=$("${db[@]}" -c "select count(*) from loans l join patrons p on p.id = l.patron_id where p.card_number like 'R%' and l.renewal_count >= 99")
  echo "  ($* : $renewed renewals recorded)" >&2
  if [ "$renewed" = 0 ]; then
    echo "RENEW_ALL renewed nothing: the service under test does not renew from the menu, so no RENEW_ALL figure is reported." >&2
    exit 1
  fi
  [ "$used_up" = 0 ] || echo "warning: $used_up loans reached 99 renewals; later requests measured a refusal" >&2
}
results="$state/gateway-results.txt"
: >"$results"
# One untimed pass first: .NET's tiered, profile-guided JIT needs some seconds of load to reach its final code.
echo "warming up" >&2
for target in wechat floor bare; do load --url "http://127.0.0.1:$api_port" --target "$target" >/dev/null; done
[ -n "$tuned" ] && load --url "http://127.0.0.1:$tuned_port" --target wechat >/dev/null
for round in $(seq "$rounds"); do
  echo "round $round" >&2
  load --url "http://127.0.0.1:$api_port" --target wechat | tee -a "$results" >&2
  load --url "http://127.0.0.1:$api_port" --target floor | tee -a "$results" >&2
  load --url "http://127.0.0.1:$api_port" --target bare | tee -a "$results" >&2
  if [ -n "$tuned" ]; then
    load --url "http://127.0.0.1:$tuned_port" --target wechat | sed 's/^wechat /wechat-tuned /' | tee -a "$results" >&2
  fi
  if [ -n "${PEER_DIR:-}" ]; then
    load --url "http://127.0.0.1:$peer_port" --target peer --token peerToken123 --appid wxpeer0000000001 | tee -a "$results" >&2
  fi
  load --url "http://127.0.0.1:$api_port" --target wechat --mode open --rate "$rate" | sed 's/^wechat open/wechat-paced open/' | tee -a "$results" >&2
  load --url "http://127.0.0.1:$api_port" --target floor --mode open --rate "$rate" | sed 's/^floor open/floor-paced open/' | tee -a "$results" >&2
done

# RENEW_ALL after every MY_LOANS round, so that its writes (and the vacuuming they leave) never disturb MY_LOANS.
echo "warming up RENEW_ALL" >&2
for target in renew renew-floor; do renew_load --url "http://127.0.0.1:$api_port" --target "$target" >/dev/null; done
for round in $(seq "$rounds"); do
  echo "RENEW_ALL round $round" >&2
  renew_load --url "http://127.0.0.1:$api_port" --target renew | tee -a "$results" >&2
  renew_load --url "http://127.0.0.1:$api_port" --target renew-floor | tee -a "$results" >&2
  renew_load --url "http://127.0.0.1:$api_port" --target renew --mode open --rate "$renew_rate" | sed 's/^renew open/renew-paced open/' | tee -a "$results" >&2
  renew_load --url "http://127.0.0.1:$api_port" --target renew-floor --mode open --rate "$renew_rate" | sed 's/^renew-floor open/renew-floor-paced open/' | tee -a "$results" >&2
done

# Medians per target.
awk '{ split($3, r, "="); split($6, p, "="); sub("ms", "", p[2]); rps[$1] = rps[$1] " " r[2]; p99[$1] = p99[$1] " " p[2] }
  END { for (t in rps) print t, rps[t], "|", p99[t] }' "$results" |
  while read -r target rest; do
    rps=$(echo "${rest%%|*}" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    p99=$(echo "${rest##*|}" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-18s req/s %8s   p99 %8s ms\n' "$target" "$rps" "$p99"
  done
