#!/usr/bin/env bash
# Daily notice scan benchmark: bench/notice-scan.sh [LOANS] [DUE] [READERS] [RUNS] (defaults 1000000 100000 50000 3).
# The service's scan (POST /api/v1/staff/notice-scans) over LOANS open loans, DUE of them inside the notice window,
# against its floor, a plain INSERT … SELECT writing as many notices into a scratch copy of the outbox, in the same
# sitting; medians of RUNS and their ratio. See bench/README.md.
# The service runs as shipped: the published build, Production, the shipped appsettings.json, a plain connection string.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
loans=${1:-1000000}
due=${2:-100000}
readers=${3:-50000}
runs=${4:-3}
state=${WECHATLIB_BENCH_STATE:-/tmp/wechatlib-bench}
pg_port=${WECHATLIB_BENCH_PG_PORT:-15434}
redis_port=${WECHATLIB_BENCH_REDIS_PORT:-16381}
api_port=${WECHATLIB_BENCH_API_PORT:-18082}
database=wechatlib_notice_scan
services="$root/scripts/services.sh"

bash "$services" start-postgres "$state" "$pg_port" >/dev/null
bash "$services" start-redis "$state" "$redis_port" >/dev/null
api_pid=""
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  bash "$services" stop-redis "$state" >/dev/null
  bash "$services" stop-postgres "$state" >/dev/null
}
trap cleanup EXIT

publish="$state/publish"
dotnet publish "$root/Api/Api.csproj" -c Release -nologo -v quiet -o "$publish" >/dev/null
db=(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "$database" -v ON_ERROR_STOP=1 -Atq)
# What a deployer sets, and two workload settings: the scheduler and the outbox workers off, so that nothing but the
# request under measure scans (the daily job would otherwise catch up on start) or touches the notices it writes.
app=(env ASPNETCORE_ENVIRONMENT=Production
  "ConnectionStrings__Postgres=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database"
  "ConnectionStrings__Redis=127.0.0.1:$redis_port" Redis__KeyPrefix=notice-scan:
  WeChat__AppId=wxbench00000000001 WeChat__AppSecret=bench-secret WeChat__Token=benchtoken
  WeChat__EncodingAesKey=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG WeChat__ApiBaseUrl=http://127.0.0.1:9
  PublicBaseUrl=https://lib.example.edu.cn Jwt__SigningKey=bench-signing-key-that-is-long-enough-0123456789
  Jobs__Enabled=false Outbox__WorkersEnabled=false)
echo "service as shipped: $publish/WeChatLib.Api.dll, Production, shipped appsettings.json, plain connection string" >&2
echo "workload settings (no tuning): Jobs:Enabled=false, Outbox:WorkersEnabled=false" >&2

# The library's today, as the service reckons it; the scan is asked for this date explicitly.
today=$(TZ=Asia/Shanghai date +%F)
# Seeded afresh unless the database holds exactly these sizes for this day.
bash "$services" create-database "$pg_port" "$database"
seeded=$("${db[@]}" -c "select loans || ' ' || due || ' ' || readers || ' ' || today from bench_seed" 2>/dev/null || true)
if [ "$seeded" != "$loans $due $readers $today" ]; then
  echo "seeding $loans open loans ($due in the notice window) over $readers readers ..." >&2
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "drop database if exists $database with (force)"
  bash "$services" create-database "$pg_port" "$database"
  (cd "$state" && "${app[@]}" dotnet "$publish/WeChatLib.Api.dll" migrate >/dev/null)
  "${db[@]}" -v loans="$loans" -v due="$due" -v readers="$readers" -v today="$today" -f "$root/bench/notice-scan/seed.sql" >/dev/null
else
  (cd "$state" && "${app[@]}" dotnet "$publish/WeChatLib.Api.dll" migrate >/dev/null)
fi
password=bench-admin-password-0123456789
echo "$password" | (cd "$state" && "${app[@]}" dotnet "$publish/WeChatLib.Api.dll" create-admin benchadmin >/dev/null 2>&1) || true

redis-cli -p "$redis_port" flushall >/dev/null
(cd "$state" && exec "${app[@]}" dotnet "$publish/WeChatLib.Api.dll" --urls "http://127.0.0.1:$api_port") >"$state/notice-scan-api.log" 2>&1 &
api_pid=$!
until curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1; do
  kill -0 "$api_pid" 2>/dev/null || { echo "the service did not start; see $state/notice-scan-api.log" >&2; exit 1; }
  sleep 0.3
done
token=$(curl -fsS "http://127.0.0.1:$api_port/api/v1/auth/staff/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"benchadmin\",\"password\":\"$password\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "could not sign in as the benchmark's admin (benchadmin)" >&2; exit 1; }

now_ms() { date +%s%3N; }
# Every run starts from an empty outbox and no scan on record for the day.
reset_outbox() {
  "${db[@]}" -c "truncate notification_attempts, notifications, bench_floor_notifications; delete from notice_scans" \
    -c "vacuum analyze notifications, bench_floor_notifications" >/dev/null
}
# One scan through the service; prints "milliseconds notices-written durationMs".
scan() {
  local started body status
  started=$(now_ms)
  body=$(curl -sS -o - -w '\n%{http_code}' -X POST "http://127.0.0.1:$api_port/api/v1/staff/notice-scans" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "{\"date\":\"$today\"}")
  local elapsed=$(( $(now_ms) - started ))
  status=${body##*$'\n'}
  if [ "$status" != 200 ]; then
    echo "POST /api/v1/staff/notice-scans answered $status: the service under test has no notice scan (or it failed):" >&2
    echo "${body%$'\n'*}" | head -c 600 >&2; echo >&2
    exit 1
  fi
  local written duration
  written=$("${db[@]}" -c "select count(*) from notifications")
  duration=$(echo "${body%$'\n'*}" | sed -n 's/.*"durationMs":\([0-9]*\).*/\1/p')
  echo "$elapsed $written ${duration:-?}"
}
# The floor writing ROWS notices; prints "milliseconds notices-written".
floor() {
  local started
  started=$(now_ms)
  "${db[@]}" -v rows="$1" -v today="$today" -f "$root/bench/notice-scan/floor.sql" >/dev/null
  local elapsed=$(( $(now_ms) - started ))
  echo "$elapsed $("${db[@]}" -c "select count(*) from bench_floor_notifications")"
}

# One untimed scan: warms the service and the cache, and says how many notices a scan writes.
reset_outbox
read -r _ rows _ < <(scan)
echo "a scan writes $rows notices; its fields: $("${db[@]}" -c "select string_agg(distinct k, ',') from notifications, jsonb_object_keys(fields) as k")" >&2
reset_outbox
floor "$rows" >/dev/null
scan_times=()
floor_times=()
for run in $(seq "$runs"); do
  reset_outbox
  read -r floor_ms floor_rows < <(floor "$rows")
  reset_outbox
  read -r scan_ms scan_rows scan_reported < <(scan)
  echo "run $run: floor ${floor_ms} ms ($floor_rows rows), scan ${scan_ms} ms ($scan_rows rows, durationMs $scan_reported)" >&2
  [ "$floor_rows" = "$scan_rows" ] || echo "warning: the floor wrote $floor_rows rows and the scan $scan_rows" >&2
  floor_times+=("$floor_ms")
  scan_times+=("$scan_ms")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
floor_median=$(median "${floor_times[@]}")
scan_median=$(median "${scan_times[@]}")
echo "open loans: $loans; in the window: $due; readers: $readers; notices per scan: $rows; runs: $runs; medians"
printf '%-52s %10s %8s\n' measure ms ratio
printf '%-52s %10s %8.2f\n' "floor: INSERT … SELECT of the same rows" "$floor_median" 1
printf '%-52s %10s %8.2f\n' "daily scan, POST /api/v1/staff/notice-scans" "$scan_median" "$(awk -v s="$scan_median" -v f="$floor_median" 'BEGIN {print s / f}')"
