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

JAR=sample-app/target/sample-app-0.1.0-SNAPSHOT.jar
PORT=${PORT:-18081}
REPS=${REPS:-3}
WARMUP=${WARMUP:-30}
STEADY=${STEADY:-10}
CONNECTIONS=${CONNECTIONS:-32}
read -r -a SIZES <<<"${SIZES:-2 4}"
WORK=$(mktemp -d)
APP_PID=""
trap 'stop_app; pkill -f -- "--server.port=$PORT" || true; rm -rf "$WORK"' EXIT

[[ -f $JAR ]] || { echo "Build first: mvn -B -q install -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "Needs wrk (apt-get install wrk)" >&2; exit 1; }

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

stop_app() {
  if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID"
    while kill -0 "$APP_PID" 2>/dev/null; do sleep 0.1; done
  fi
  APP_PID=""
}

status() { curl -s "http://127.0.0.1:$PORT/actuator/cluster"; }

rps() { awk '/Requests\/sec/ {print $2}'; }
errors() { awk '/Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} /Non-2xx/ {n += $5} END {print n + 0}'; }
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

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
  echo "| $size | $(median <"$WORK/duration-$size") | $steady | $during | $(awk -v a="$during" -v b="$steady" 'BEGIN {printf "%.2f", a / b}') | $(median <"$WORK/errors-$size") |"
done
