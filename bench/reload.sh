#!/usr/bin/env bash
# What a rolling reload costs: its duration, requests/s during it against steady state, and
# failed requests, for clusters of 2 and 4 workers of the sample app (default port sharing).
# Traffic goes to 127.0.0.1 only, bounded in time.
#
#   bash bench/reload.sh     # REPS=3 WARMUP=30 STEADY=10 CONNECTIONS=32 SIZES="2 4"
#
# Needs: the built sample jar (mvn -B -q install -DskipTests), wrk, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18081}
REPS=${REPS:-3}
WARMUP=${WARMUP:-30}
STEADY=${STEADY:-10}
CONNECTIONS=${CONNECTIONS:-32}
read -r -a SIZES <<<"${SIZES:-2 4}"
WORK=$(mktemp -d)
# shellcheck source=lib.sh
source bench/lib.sh
trap cleanup EXIT
require_build_and_wrk

start_cluster() { # start_cluster N
  java -Xmx256m -jar "$JAR" --server.port="$PORT" --cluster.instances="$1" \
    --management.endpoints.web.exposure.include=cluster >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 900); do
    grep -q "All $1 workers are ready" "$WORK/app.log" && return 0
    sleep 0.1
  done
  echo "cluster of $1 did not become ready; log: $WORK/app.log" >&2
  exit 1
}

status() { curl -s "http://127.0.0.1:$PORT/actuator/cluster"; }

for size in "${SIZES[@]}"; do
  for rep in $(seq 1 "$REPS"); do
    start_cluster "$size"
    wrk -t1 -c"$CONNECTIONS" -d"$WARMUP"s "http://127.0.0.1:$PORT/hello" >/dev/null
    wrk -t1 -c"$CONNECTIONS" -d"$STEADY"s "http://127.0.0.1:$PORT/hello" | rps >>"$WORK/steady-$size"
    # wrk runs across the whole reload and is stopped (it then prints its figures) when it ends.
    wrk -t1 -c"$CONNECTIONS" -d600s "http://127.0.0.1:$PORT/hello" >"$WORK/wrk-reload" &
    wrk_pid=$!
    sleep 1
    started=$(date +%s.%N)
    id=$(curl -s -X POST -H 'Content-Type: application/json' -d '{}' \
      "http://127.0.0.1:$PORT/actuator/cluster/reload" | sed -E 's/.*"id":"([^"]+)".*/\1/')
    until status | grep -q "\"id\":\"$id\",\"kind\":\"reload\",\"outcome\":\"\(SUCCEEDED\|FAILED\)\""; do sleep 0.2; done
    ended=$(date +%s.%N)
    status | grep -q '"outcome":"SUCCEEDED"' || { echo "reload failed: $(status)" >&2; exit 1; }
    kill -INT "$wrk_pid"
    wait "$wrk_pid" || true
    awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.1f\n", b - a}' >>"$WORK/duration-$size"
    rps <"$WORK/wrk-reload" >>"$WORK/during-$size"
    errors <"$WORK/wrk-reload" >>"$WORK/errors-$size"
    stop_app
  done
  echo "size $size: steady $(tr '\n' ' ' <"$WORK/steady-$size")| during $(tr '\n' ' ' <"$WORK/during-$size")| duration $(tr '\n' ' ' <"$WORK/duration-$size")| errors $(tr '\n' ' ' <"$WORK/errors-$size")" >&2
done

echo "Date: $(date -u +%Y-%m-%d), $(nproc) cores, kernel $(uname -r), $(java -version 2>&1 | head -1)"
echo "wrk -t1 -c$CONNECTIONS keep-alive; ${WARMUP}s warm-up, ${STEADY}s steady run, then wrk across one rolling reload; median of $REPS"
echo
echo "| workers | reload duration (s) | steady req/s | req/s during reload | ratio | failed requests |"
echo "|---|---|---|---|---|---|"
for size in "${SIZES[@]}"; do
  steady=$(median <"$WORK/steady-$size")
  during=$(median <"$WORK/during-$size")
  echo "| $size | $(median <"$WORK/duration-$size") | $steady | $during | $(ratio "$during" "$steady") | $(median <"$WORK/errors-$size") |"
done
