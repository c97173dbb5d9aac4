#!/usr/bin/env bash
# Catalogue search benchmark: bench/search.sh [TITLES] [ROUNDS] (defaults 200000 20).
# GET /api/v1/catalogue/search?q=… over TITLES titles of Chinese text, each of a fixed list of Chinese queries (one to
# four characters, two words, an author) ROUNDS times over one kept-alive connection, against its floor in the same
# sitting: the bare index scan of the same predicates (the trigram index, or the character-pair index for one or two
# characters) in psql, without ranking, copies per branch or HTTP. Prints p50/p99 of both, their ratio, and the load
# average. See bench/README.md. The service runs as shipped: the published build, Production, the shipped appsettings.json.
set -euo pipefail
# Word lengths below are counted in characters, not bytes.
export LC_ALL=C.UTF-8
root=$(cd "$(dirname "$0")/.." && pwd)
titles=${1:-200000}
rounds=${2:-20}
state=${WECHATLIB_BENCH_STATE:-/tmp/wechatlib-bench}
pg_port=${WECHATLIB_BENCH_PG_PORT:-15434}
redis_port=${WECHATLIB_BENCH_REDIS_PORT:-16381}
api_port=${WECHATLIB_BENCH_API_PORT:-18083}
database=wechatlib_search
services="$root/scripts/services.sh"
queries=(学 史 数据 中国 明清 算法 机器学习 经济理论 "中国 历史" "数据 结构" 王伟 李芳芳 "深度 学习 网络")

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
app=(env ASPNETCORE_ENVIRONMENT=Production
  "ConnectionStrings__Postgres=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database"
  "ConnectionStrings__Redis=127.0.0.1:$redis_port" Redis__KeyPrefix=search:
  WeChat__AppId=wxbench00000000001 WeChat__AppSecret=bench-secret WeChat__Token=benchtoken
  WeChat__EncodingAesKey=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG WeChat__ApiBaseUrl=http://127.0.0.1:9
  PublicBaseUrl=https://lib.example.edu.cn Jwt__SigningKey=bench-signing-key-that-is-long-enough-0123456789
  Jobs__Enabled=false Outbox__WorkersEnabled=false)
echo "service as shipped: $publish/WeChatLib.Api.dll, Production, shipped appsettings.json, plain connection string" >&2

bash "$services" create-database "$pg_port" "$database"
# Seeded once per size and schema: a changed migration needs a fresh database.
schema=$(sha256sum "$root/Infrastructure/Persistence/Migrations/checksums.txt" | cut -c1-16)
seeded=$("${db[@]}" -c "select titles || ':' || schema from bench_seed" 2>/dev/null || true)
if [ "$seeded" != "$titles:$schema" ]; then
  echo "seeding $titles titles ..." >&2
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "drop database if exists $database with (force)"
  bash "$services" create-database "$pg_port" "$database"
  (cd "$state" && "${app[@]}" dotnet "$publish/WeChatLib.Api.dll" migrate >/dev/null)
  "${db[@]}" -v titles="$titles" -v schema="$schema" -f "$root/bench/search/seed.sql" >/dev/null
else
  (cd "$state" && "${app[@]}" dotnet "$publish/WeChatLib.Api.dll" migrate >/dev/null)
fi

(cd "$state" && exec "${app[@]}" dotnet "$publish/WeChatLib.Api.dll" --urls "http://127.0.0.1:$api_port") >"$state/search-api.log" 2>&1 &
api_pid=$!
until curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1; do
  kill -0 "$api_pid" 2>/dev/null || { echo "the service did not start; see $state/search-api.log" >&2; exit 1; }
  sleep 0.3
done

urlencode() { jq -rn --arg q "$1" '$q|@uri'; }
# The floor's statement for a query: each word by the index the service uses for it, nothing else.
floor_sql() {
  local where="" grams="" word
  for word in $1; do
    if [ "${#word}" -le 2 ]; then
      grams="${grams:+$grams, }'$word'"
    else
      where="${where:+$where and }search_document like '%$word%'"
    fi
  done
  [ -n "$grams" ] && where="${where:+$where and }search_grams @> array[$grams]"
  echo "select id, title from titles where $where limit 20;"
}
percentiles() { sort -n | awk '{a[NR]=$1} END {p50=a[int((NR+1)*0.5)]; p99=a[int(NR*0.99) > 0 ? int(NR*0.99) : 1]; printf "%.2f %.2f", p50, p99}'; }

urls=()
for ((r = 0; r < rounds; r++)); do
  for q in "${queries[@]}"; do urls+=("http://127.0.0.1:$api_port/api/v1/catalogue/search?q=$(urlencode "$q")"); done
done
# Warm-up: connections, JIT, prepared statements, the indexes' pages.
curl -s "${urls[@]:0:${#queries[@]}}" "${urls[@]:0:${#queries[@]}}" >/dev/null
service=$(printf -- '-o\n/dev/null\n-w\n%%{time_total}\\n\n%s\n' "${urls[@]}" | xargs -d '\n' curl -s | awk '{print $1 * 1000}' | percentiles)

floor_file="$state/search-floor.sql"
{ printf '%s\n' '\timing on'; for ((r = 0; r < rounds + 2; r++)); do for q in "${queries[@]}"; do floor_sql "$q"; done; done; } >"$floor_file"
floor=$("${db[@]}" -f "$floor_file" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -n +$((2 * ${#queries[@]} + 1)) | percentiles)

read -r s50 s99 <<<"$service"
read -r f50 f99 <<<"$floor"
echo "titles=$titles queries=${#queries[@]} rounds=$rounds"
echo "service  p50=${s50} ms p99=${s99} ms"
echo "floor    p50=${f50} ms p99=${f99} ms"
awk -v a="$s50" -v b="$f50" -v c="$s99" -v d="$f99" 'BEGIN {printf "ratio    p50 %.1fx p99 %.1fx\n", a / b, c / d}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
