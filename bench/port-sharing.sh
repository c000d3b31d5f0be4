#!/usr/bin/env bash
# What the shared port costs, and what stopping one worker under load loses.
#
# Runs the sample app (Tomcat) as one plain JVM (the baseline) and as a cluster of 2 workers under
# each port-sharing mechanism, in the same session, and prints a Markdown table of medians.
# Traffic goes to 127.0.0.1 only, bounded by wrk's duration.
#
#   bash bench/port-sharing.sh   # REPS=3 DURATION=10 WARMUP=30 STOP_WARMUP=5 CONNECTIONS=32
#   PARTS=stop MECHANISMS="shared-socket proxy" bash bench/port-sharing.sh   # a part, some mechanisms
#
# The warm-up is long because the JIT keeps raising throughput for tens of seconds, and a cluster
# warms N JVMs on the same cores.
#
# Needs: the built sample jar (mvn -B -q install -DskipTests), wrk, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18080}
REPS=${REPS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-30}
STOP_WARMUP=${STOP_WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-32}
STOP_AFTER=${STOP_AFTER:-3}
WORK=$(mktemp -d)
# shellcheck source=lib.sh
source bench/lib.sh
trap cleanup EXIT
require_build_and_wrk

start_app() { # start_app LABEL ARGS...: the app, ready when this returns
  local label=$1; shift
  java -Xmx256m -jar "$JAR" --server.port="$PORT" "$@" >"$WORK/$label.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 600); do
    if grep -q "All .* workers are ready" "$WORK/$label.log" 2>/dev/null \
      || { [[ " $* " == *" --cluster.enabled=false "* ]] && curl -sf "http://127.0.0.1:$PORT/hello" >/dev/null; }; then
      return 0
    fi
    sleep 0.1
  done
  echo "$label did not become ready; log: $WORK/$label.log" >&2
  exit 1
}

run_wrk() { # run_wrk SECONDS ka|cc -> wrk's output
  local header=()
  [[ $2 == cc ]] && header=(-H "Connection: close")
  wrk -t1 -c"$CONNECTIONS" -d"$1"s "${header[@]}" "http://127.0.0.1:$PORT/hello"
}

declare -A RPS ERR
read -r -a MECHANISMS <<<"${MECHANISMS:-shared-socket reuseport proxy}"
PARTS=${PARTS:-throughput stop}
SETUPS=("single:--cluster.enabled=false")
for mechanism in "${MECHANISMS[@]}"; do
  SETUPS+=("$mechanism-2:--cluster.instances=2 --cluster.port-sharing=$mechanism")
done

for load in ka cc; do
  [[ $PARTS == *throughput* ]] || break
  for setup in "${SETUPS[@]}"; do
    label=${setup%%:*}
    # shellcheck disable=SC2086
    start_app "$label-$load" ${setup#*:}
    run_wrk "$WARMUP" "$load" >/dev/null
    for rep in $(seq 1 "$REPS"); do
      run_wrk "$DURATION" "$load" | rps >>"$WORK/rps-$label-$load"
    done
    stop_app
    RPS[$label-$load]=$(median <"$WORK/rps-$label-$load")
    echo "throughput $label $load: $(tr '\n' ' ' <"$WORK/rps-$label-$load")" >&2
  done
done

for load in ka cc; do
  [[ $PARTS == *stop* ]] || break
  for mechanism in "${MECHANISMS[@]}"; do
    for rep in $(seq 1 "$REPS"); do
      start_app "stop-$mechanism-$load" --cluster.instances=2 --cluster.port-sharing="$mechanism"
      run_wrk "$STOP_WARMUP" "$load" >/dev/null
      run_wrk "$DURATION" "$load" >"$WORK/wrk-stop" &
      wrk_pid=$!
      sleep "$STOP_AFTER"
      kill -TERM "$(pgrep -P "$APP_PID" java | head -1)"
      wait "$wrk_pid"
      errors <"$WORK/wrk-stop" >>"$WORK/err-$mechanism-$load"
      stop_app
    done
    ERR[$mechanism-$load]=$(median <"$WORK/err-$mechanism-$load")
    echo "stop one worker $mechanism $load: $(tr '\n' ' ' <"$WORK/err-$mechanism-$load")" >&2
  done
done


echo "Date: $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), kernel $(uname -r), $(java -version 2>&1 | head -1)"
echo "wrk -t1 -c$CONNECTIONS, ${DURATION}s runs after ${WARMUP}s warm-up, median of $REPS; tcp_migrate_req=$(cat /proc/sys/net/ipv4/tcp_migrate_req 2>/dev/null || echo n/a)"
if [[ $PARTS == *throughput* ]]; then
  echo
  echo "| setup | keep-alive req/s | ratio | new connection per request req/s | ratio |"
  echo "|---|---|---|---|---|"
  for setup in "${SETUPS[@]}"; do
    label=${setup%%:*}
    echo "| $label | ${RPS[$label-ka]} | $(ratio "${RPS[$label-ka]}" "${RPS[single-ka]}") | ${RPS[$label-cc]} | $(ratio "${RPS[$label-cc]}" "${RPS[single-cc]}") |"
  done
fi
[[ $PARTS == *stop* ]] || exit 0
echo
echo "| one of 2 workers gets SIGTERM ${STOP_AFTER}s into a ${DURATION}s run | failed requests, keep-alive | failed requests, new connection per request |"
echo "|---|---|---|"
for mechanism in "${MECHANISMS[@]}"; do
  echo "| $mechanism | ${ERR[$mechanism-ka]} | ${ERR[$mechanism-cc]} |"
done
