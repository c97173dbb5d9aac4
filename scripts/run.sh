#!/usr/bin/env bash
# Runs WeChatLib locally in Development: PostgreSQL and Redis on 127.0.0.1, migrations, the demo library, the fake
# WeChat API on http://127.0.0.1:8081 with the WeChat simulator at /simulator (the menu published to it), and the API
# on http://127.0.0.1:8080 (Swagger UI at /swagger).
# A second call reuses the running PostgreSQL and Redis. Ctrl-C stops everything this script started;
# scripts/stop.sh does the same from another shell.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${WECHATLIB_STATE:-/tmp/wechatlib-dev}
pg_port=${WECHATLIB_PG_PORT:-15432}
redis_port=${WECHATLIB_REDIS_PORT:-16379}
services="$root/scripts/services.sh"

bash "$services" start-postgres "$state" "$pg_port"
bash "$services" start-redis "$state" "$redis_port"
bash "$services" create-database "$pg_port" wechatlib
trap 'bash "$root/scripts/stop.sh"' EXIT
trap 'exit 130' INT TERM

dotnet build "$root/WeChatLib.sln" -c Release -nologo -v quiet
export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Database=wechatlib;Username=postgres;Max Auto Prepare=64"
export ConnectionStrings__Redis="127.0.0.1:$redis_port"
api_dir="$root/Api/bin/Release/net10.0"
fakes_dir="$root/Tests/WeChatLib.Fakes/bin/Release/net10.0"

(cd "$api_dir" && dotnet WeChatLib.Api.dll seed)

# The simulator posts in the service's message mode (WeChat__MessageMode=plain ./scripts/run.sh switches both).
(cd "$fakes_dir" && exec dotnet WeChatLib.Fakes.dll --urls http://127.0.0.1:8081 --Logging:LogLevel:Microsoft.AspNetCore=Warning \
  --Simulator:MessageMode="${WeChat__MessageMode:-safe}") &
echo $! >"$state/fakes.pid"
(cd "$api_dir" && exec dotnet WeChatLib.Api.dll --urls http://127.0.0.1:8080) &
echo $! >"$state/api.pid"

for _ in $(seq 60); do
  curl -fs -o /dev/null http://127.0.0.1:8081/simulator/api/state && break
  kill -0 "$(cat "$state/fakes.pid")" 2>/dev/null || { echo "The fake WeChat exited during start-up" >&2; exit 1; }
  sleep 0.5
done
# The menu as a reader sees it: Api/WeChat/menu.json, published to the fake WeChat as to the real one.
(cd "$api_dir" && dotnet WeChatLib.Api.dll publish-menu >/dev/null) || echo "The menu was not published: the simulator shows no menu" >&2

for _ in $(seq 120); do
  curl -fs http://127.0.0.1:8080/health/ready >/dev/null 2>&1 && break
  kill -0 "$(cat "$state/api.pid")" 2>/dev/null || { echo "The API exited during start-up" >&2; exit 1; }
  sleep 0.5
done
echo "WeChatLib is ready: http://127.0.0.1:8081/simulator (the WeChat simulator: tap 借阅 → 我的借阅)," \
  "http://127.0.0.1:8080/swagger (the API), http://127.0.0.1:8081/_fake/calls (what the service sent WeChat). Ctrl-C stops it."
wait "$(cat "$state/api.pid")"
