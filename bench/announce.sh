#!/usr/bin/env bash
# Announcement benchmark: bench/announce.sh [FOLLOWERS] [RUNS] (defaults 50000 and 5). One announcement to FOLLOWERS
# followers through the fake WeChat API, with the service as shipped (the published build, Production, the shipped
# appsettings.json), RUNS times in one sitting. Each run reports the time to enqueue (the send request: the audience
# resolved into target rows and batches by one set-based statement, aim < 2 s), the sending throughput (readers per
# second from the send request's answer until the announcement is sent) and the fake's own floor measured in the same
# run (the same mass-send requests posted straight to the fake); the medians and the load average close. See
# bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
followers=${1:-50000}
runs=${2:-5}
state=${WECHATLIB_BENCH_STATE:-/tmp/wechatlib-bench}
pg_port=${WECHATLIB_BENCH_PG_PORT:-15434}
redis_port=${WECHATLIB_BENCH_REDIS_PORT:-16381}
api_port=${WECHATLIB_BENCH_API_PORT:-18090}
fake_port=${WECHATLIB_BENCH_FAKE_PORT:-18091}
services="$root/scripts/services.sh"
psql=(/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$pg_port" -U postgres -d wechatlib_announce -qtA)

bash "$services" start-postgres "$state" "$pg_port" >/dev/null
bash "$services" start-redis "$state" "$redis_port" >/dev/null
/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "drop database if exists wechatlib_announce" -c "create database wechatlib_announce"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  bash "$services" stop-redis "$state" >/dev/null
  bash "$services" stop-postgres "$state" >/dev/null
}
trap cleanup EXIT

publish="$state/publish"
dotnet publish "$root/Api/Api.csproj" -c Release -nologo -v quiet -o "$publish" >/dev/null
dotnet build "$root/Tests/WeChatLib.Fakes" -c Release -nologo -v quiet >/dev/null
dotnet "$root/Tests/WeChatLib.Fakes/bin/Release/net10.0/WeChatLib.Fakes.dll" --urls "http://127.0.0.1:$fake_port" \
  --Logging:LogLevel:Default=Warning >"$state/fake.log" 2>&1 &
pids+=($!)

export ASPNETCORE_ENVIRONMENT=Production
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Database=wechatlib_announce;Username=postgres"
export ConnectionStrings__Redis="127.0.0.1:$redis_port"
export PublicBaseUrl="https://lib.example.edu.cn"
export WeChat__AppId=wxd0e0000000000001 WeChat__AppSecret=development-secret-of-the-fake-wechat-api WeChat__Token=benchtoken
export WeChat__EncodingAesKey=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
export WeChat__ApiBaseUrl="http://127.0.0.1:$fake_port" WeChat__OAuthBaseUrl="http://127.0.0.1:$fake_port"
export Cas__BaseUrl="http://127.0.0.1:$fake_port/cas"
export Jwt__SigningKey="bench-signing-key-that-is-long-enough-0123456789"
cd "$publish"
dotnet WeChatLib.Api.dll migrate >/dev/null
echo "bench password" | dotnet WeChatLib.Api.dll create-admin bench >/dev/null
dotnet WeChatLib.Api.dll --urls "http://127.0.0.1:$api_port" >"$state/api.log" 2>&1 &
pids+=($!)
until curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1; do sleep 0.3; done

"${psql[@]}" -c "insert into followers (openid, subscribed_at) select 'oBench' || lpad(n::text, 22, '0'), now() from generate_series(1, $followers) n"
token=$(curl -fs "http://127.0.0.1:$api_port/api/v1/auth/staff/login" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench password"}' | jq -r .accessToken)
api() { local path=$1; shift; curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "http://127.0.0.1:$api_port$path" "$@"; }
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# The fake's floor: the same mass sends (10,000 openids each) posted straight to it, one after another, as the worker does.
fake_token=$(curl -fs "http://127.0.0.1:$fake_port/cgi-bin/token?grant_type=client_credential&appid=$WeChat__AppId&secret=$WeChat__AppSecret" | jq -r .access_token)
body="$state/mass.json"
jq -n --argjson n 10000 '{touser: [range(1; $n + 1) | "oFloor" + (tostring | ("0" * (22 - length)) + .)], msgtype: "text", text: {content: "闭馆通知"}}' >"$body"
requests=$(( (followers + 9999) / 10000 ))

results="$state/announce-runs.txt"
: >"$results"
for run in $(seq "$runs"); do
  # Each run starts from no announcement and no follower counted this month (the cap would stop the fifth run).
  "${psql[@]}" -c "truncate announcement_attempts, announcement_targets, announcement_batches, announcements, mass_message_counts"
  id=$(api /api/v1/staff/announcements -d '{"title":"闭馆通知","body":"本周六总馆闭馆一天。","category":"closure","audience":"all_followers"}' | jq -r .id)
  started=$(date +%s.%N)
  api "/api/v1/staff/announcements/$id/send" -d '{}' >/dev/null
  enqueued=$(date +%s.%N)
  until [ "$("${psql[@]}" -c "select status from announcements where id = $id")" = sent ]; do sleep 0.05; done
  finished=$(date +%s.%N)
  sent=$("${psql[@]}" -c "select count(*) from announcement_targets t join announcement_batches b on b.id = t.batch_id where t.announcement_id = $id and b.state = 'sent'")
  [ "$sent" -eq "$followers" ] || { echo "run $run: $sent of $followers sent" >&2; exit 1; }

  floor_started=$(date +%s.%N)
  for _ in $(seq "$requests"); do
    curl -fs "http://127.0.0.1:$fake_port/cgi-bin/message/mass/send?access_token=$fake_token" -H 'Content-Type: application/json' --data-binary "@$body" >/dev/null
  done
  floor_finished=$(date +%s.%N)
  awk -v s="$sent" -v a="$started" -v e="$enqueued" -v d="$finished" -v fs="$floor_started" -v ff="$floor_finished" -v r="$requests" \
    'BEGIN { rate = s / (d - e); floor = r * 10000 / (ff - fs); printf "%.3f %.0f %.0f %.3f %.3f\n", e - a, rate, floor, rate / floor, d - a }' >>"$results"
done

awk -v f="$followers" -v n="$runs" -v before="$load_before" -v after="$(cut -d' ' -f1-3 /proc/loadavg)" '
  { enqueue[NR] = $1; rate[NR] = $2; floor[NR] = $3; ratio[NR] = $4; total[NR] = $5
    printf "run %d: enqueue %.2f s, sending %d readers/s, fake floor %d readers/s, ratio %.2f, all sent after %.2f s\n", NR, $1, $2, $3, $4, $5 }
  function median(a, k, i, j, t, b) {
    for (i = 1; i <= k; i++) b[i] = a[i]
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
    return k % 2 ? b[(k + 1) / 2] : (b[k / 2] + b[k / 2 + 1]) / 2 }
  END {
    printf "\n%-44s %12s %8s\n", "announcement to " f " followers, median of " n, "value", "ratio"
    printf "%-44s %10.2f s %8s\n", "time to enqueue (send request)", median(enqueue, NR), ""
    printf "%-44s %10.0f/s %8s\n", "fake WeChat, mass sends (floor)", median(floor, NR), "1.00"
    printf "%-44s %10.0f/s %8.2f\n", "sending, readers sent per second", median(rate, NR), median(ratio, NR)
    printf "%-44s %10.2f s %8s\n", "send request to the last batch sent", median(total, NR), ""
    printf "load average: %s before, %s after\n", before, after }' "$results"
