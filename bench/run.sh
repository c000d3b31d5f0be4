#!/usr/bin/env bash
# The benchmark suite: the cluster against one plain JVM and against PM2, on this machine, in one
# session. Prints each table as it is measured, and writes them all into docs/benchmarks.md
# (between its "bench:begin" and "bench:end" markers) with the date, the machine and the commands.
#
#   bash bench/run.sh                 # everything, about 40 minutes on 2 cores
#   PARTS="footprint pm2" bash bench/run.sh      # some parts: overhead stop startup pss footprint
#                                                # supervisor relay reload keepalive balance pm2
#   REPS=5 DURATION=15 bash bench/run.sh         # longer runs
#
# Needs: the built sample jar (mvn -B -q install -DskipTests), the heavy app's jar for the startup
# and reload parts (mvn -B -q -f bench/heavy-app package), the test apps' jars for the balance
# and relay parts (built by mvn verify), wrk, curl, python3; for the PM2
# part Node.js and npm (PM2 itself is installed from the npm registry into a cache directory);
# for the plot gnuplot (apt-get install wrk gnuplot-nox nodejs npm). Traffic goes to 127.0.0.1
# only, each run bounded in time; every process started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18080}
REPS=${REPS:-3}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-20}
CONNECTIONS=${CONNECTIONS:-32}
PARTS=${PARTS:-overhead stop startup pss footprint supervisor relay reload keepalive balance pm2}
read -r -a MECHANISMS <<<"${MECHANISMS:-shared-socket reuseport proxy}"
read -r -a RELOAD_SIZES <<<"${RELOAD_SIZES:-2 4}"
read -r -a RELOAD_APPS <<<"${RELOAD_APPS:-sample heavy}"
# surge: cluster.reload.max-surge=1, max-unavailable=0 (the default); drain-first: 0 and 1;
# surge-without-slow-start: surge with cluster.slow-start=0, the baseline for the slow start.
read -r -a STRATEGIES <<<"${STRATEGIES:-surge drain-first}"
HEAVY_REPS=${HEAVY_REPS:-$REPS}
BALANCE_REPS=${BALANCE_REPS:-$REPS}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
HEAVY_JAR=bench/heavy-app/target/heavy-app-0.1.0-SNAPSHOT.jar
PM2_VERSION=${PM2_VERSION:-5.4.3}
PM2_DIR=${PM2_DIR:-$HOME/.cache/cluster-bench-pm2}
WORK=$(mktemp -d)
RESULTS=$WORK/results.md
DOC=${DOC:-docs/benchmarks.md}
PLOT=${PLOT:-docs/benchmarks-reload.png}
# shellcheck source=lib.sh
source bench/lib.sh
trap 'stop_pm2; cleanup' EXIT
require_build_and_wrk

say() { echo "$*" >&2; }
emit() { echo "$*" | tee -a "$RESULTS"; }

# ---- the app under test

# start_app LABEL ARGS...: an app, ready when this returns; sets APP_PID and READY_MS. APP_JAR
# (the sample by default) and JAVA choose what runs. A cluster's start-up cache is made once every
# worker is ready; it is waited for too, so that its training run does not weigh on a measurement.
start_app() {
  local label=$1; shift
  STARTED_AT=$(date +%s%N)
  "${JAVA:-java}" -Xmx256m -jar "${APP_JAR:-$JAR}" --server.port="$PORT" \
    --management.endpoints.web.exposure.include="${EXPOSE:-cluster}" \
    --management.endpoint.cluster.access=unrestricted "$@" >"$WORK/$label.log" 2>&1 &
  APP_PID=$!
  local log=$WORK/$label.log
  for _ in $(seq 1 2400); do
    if grep -q "All .* workers are ready" "$log" 2>/dev/null \
      || { [[ " $* " == *" --cluster.enabled=false "* ]] && curl -sf "http://127.0.0.1:$PORT/hello" >/dev/null; }; then
      READY_MS=$((($(date +%s%N) - STARTED_AT) / 1000000))
      if [[ " $* " != *" --cluster.enabled=false "* && " $* " != *" --cluster.startup-cache.enabled=false "* ]]; then
        for _ in $(seq 1 2400); do
          grep -q "Start-up cache ready\|Start-up cache not made\|No start-up cache" "$log" && break
          sleep 0.05
        done
      fi
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.05
  done
  say "$label did not become ready; log: $WORK/$label.log"
  tail -20 "$log" >&2
  exit 1
}

# CPU seconds a process has used, from /proc/PID/stat (user + system).
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# Proportional set size in kB: shared pages (a class-data archive) count once across processes.
pss_kb() { awk '/^Pss:/ {print $2; exit}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
jar_of() { case $1 in heavy) echo "$HEAVY_JAR" ;; *) echo "$JAR" ;; esac; }
java_of() { case $1 in 25) echo "$JDK25/bin/java" ;; *) echo java ;; esac; }
reps_of() { case $1 in heavy) echo "$HEAVY_REPS" ;; *) echo "$REPS" ;; esac; }
strategy_args() {
  case $1 in
    drain-first) echo "--cluster.reload.max-surge=0 --cluster.reload.max-unavailable=1" ;;
    surge-without-slow-start) echo "--cluster.slow-start=0" ;;
  esac
}

load() { # load SECONDS ka|cc PATH [wrk options...] -> wrk's output
  local seconds=$1 mode=$2 path=$3; shift 3
  local header=()
  [[ $mode == cc ]] && header=(-H "Connection: close")
  wrk -t1 -c"$CONNECTIONS" -d"$seconds"s --latency "${header[@]}" "$@" "http://127.0.0.1:$PORT$path"
}

measure() { # measure KEY ka|cc PATH: REPS runs, appended to $WORK/KEY.{rps,p50,p99,err}
  local key=$1 mode=$2 path=$3
  for _ in $(seq 1 "$REPS"); do
    load "$DURATION" "$mode" "$path" >"$WORK/wrk.out"
    rps <"$WORK/wrk.out" >>"$WORK/$key.rps"
    percentile 50 <"$WORK/wrk.out" >>"$WORK/$key.p50"
    percentile 99 <"$WORK/wrk.out" >>"$WORK/$key.p99"
    errors <"$WORK/wrk.out" >>"$WORK/$key.err"
  done
  say "  $key: req/s $(tr '\n' ' ' <"$WORK/$key.rps")| p99 ms $(tr '\n' ' ' <"$WORK/$key.p99")"
}

m() { median <"$WORK/$1"; }

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

header() {
  emit ""
  emit "Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`$0\` (PARTS=\"$PARTS\", REPS=$REPS, DURATION=$DURATION, WARMUP=$WARMUP, CONNECTIONS=$CONNECTIONS)."
  emit ""
  emit "Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), Linux $(uname -r), $(java -version 2>&1 | head -1 | tr -d '"'), wrk $(wrk -v 2>&1 | awk 'NR==1 {print $2}'), tcp_migrate_req=$(cat /proc/sys/net/ipv4/tcp_migrate_req 2>/dev/null || echo n/a). The load generator shares the cores with the servers."
}

# ---- 1 and 2: what the shared port costs, for a trivial and a CPU-bound endpoint

overhead() {
  local setups=("one plain JVM|single|--cluster.enabled=false")
  for mechanism in "${MECHANISMS[@]}"; do
    for n in 1 2; do
      setups+=("\`$mechanism\`, N=$n|$mechanism-$n|--cluster.instances=$n --cluster.port-sharing=$mechanism")
    done
  done
  for setup in "${setups[@]}"; do
    IFS='|' read -r _ key args <<<"$setup"
    say "overhead: $key"
    # shellcheck disable=SC2086
    start_app "overhead-$key" $args
    load "$WARMUP" ka /hello >/dev/null
    measure "$key-ka" ka /hello
    measure "$key-cc" cc /hello
    load "$((WARMUP / 2))" ka /cpu >/dev/null
    measure "$key-cpu" ka /cpu
    stop_app
  done
  emit ""
  emit "### Shared-port overhead: \`GET /hello\`"
  emit ""
  emit "wrk -t1 -c$CONNECTIONS, ${DURATION} s runs after ${WARMUP} s of warm-up, median of $REPS; ratio = req/s against one plain JVM in this run."
  emit ""
  emit "| setup | keep-alive req/s | ratio | p50 ms | p99 ms | new connection per request req/s | ratio | p50 ms | p99 ms |"
  emit "|---|---|---|---|---|---|---|---|---|"
  for setup in "${setups[@]}"; do
    IFS='|' read -r label key _ <<<"$setup"
    emit "| $label | $(m "$key-ka.rps") | $(ratio "$(m "$key-ka.rps")" "$(m single-ka.rps)") | $(m "$key-ka.p50") | $(m "$key-ka.p99") | $(m "$key-cc.rps") | $(ratio "$(m "$key-cc.rps")" "$(m single-cc.rps)") | $(m "$key-cc.p50") | $(m "$key-cc.p99") |"
  done
  emit ""
  emit "### A CPU-bound endpoint: \`GET /cpu\` (SHA-256 over 640 KB per request)"
  emit ""
  emit "Keep-alive, same runs and setups."
  emit ""
  emit "| setup | req/s | ratio | p50 ms | p99 ms |"
  emit "|---|---|---|---|---|"
  for setup in "${setups[@]}"; do
    IFS='|' read -r label key _ <<<"$setup"
    emit "| $label | $(m "$key-cpu.rps") | $(ratio "$(m "$key-cpu.rps")" "$(m single-cpu.rps)") | $(m "$key-cpu.p50") | $(m "$key-cpu.p99") |"
  done
}

# ---- what stopping one worker under load loses, per mechanism

stop() {
  for mode in ka cc; do
    for mechanism in "${MECHANISMS[@]}"; do
      for _ in $(seq 1 "$REPS"); do
        start_app "stop-$mechanism" --cluster.instances=2 --cluster.port-sharing="$mechanism"
        load 5 "$mode" /hello >/dev/null
        load "$DURATION" "$mode" /hello >"$WORK/wrk-stop" &
        local wrk_pid=$!
        sleep 3
        kill -TERM "$(pgrep -P "$APP_PID" java | head -1)"
        wait "$wrk_pid"
        errors <"$WORK/wrk-stop" >>"$WORK/stop-$mechanism-$mode"
        stop_app
      done
      say "stop one worker, $mechanism $mode: $(tr '\n' ' ' <"$WORK/stop-$mechanism-$mode")"
    done
  done
  emit ""
  emit "### Stopping one worker under load"
  emit ""
  emit "One of 2 workers gets SIGTERM 3 s into a ${DURATION} s run (it drains, and the supervisor restarts it); failed requests = wrk's socket errors plus non-2xx responses, median of $REPS."
  emit ""
  emit "| mechanism | failed, keep-alive (runs) | failed, new connection per request (runs) |"
  emit "|---|---|---|"
  for mechanism in "${MECHANISMS[@]}"; do
    emit "| \`$mechanism\` | $(m "stop-$mechanism-ka") ($(paste -sd, "$WORK/stop-$mechanism-ka")) | $(m "stop-$mechanism-cc") ($(paste -sd, "$WORK/stop-$mechanism-cc")) |"
  done
}

# ---- 3: a rolling reload under load, with its requests/s over time

# record_reload KEY WRK_OUTPUT STARTED ENDED REP [TIMELINE]: a reload's duration, requests/s during
# it, its ratio to this run's steady requests/s (the last line of KEY-steady), the same ratio for
# the AFTER seconds after it (wrk must run that long past ENDED), and failed requests, added to
# KEY's figures; the first run's requests/s per second are kept as TIMELINE (timeline-KEY by
# default) for the plot.
AFTER=10
record_reload() {
  local key=$1 output=$2 started=$3 ended=$4 rep=$5 timeline_file=${6:-timeline-$1} steady
  steady=$(tail -1 "$WORK/$key-steady")
  awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.1f\n", b - a}' >>"$WORK/$key-duration"
  during "$started" "$ended" <"$output" | tee -a "$WORK/$key-during" \
    | awk -v s="$steady" '{printf "%.2f\n", $1 / s}' >>"$WORK/$key-ratio"
  during "$ended" "$(awk -v b="$ended" -v n="$AFTER" 'BEGIN {printf "%.3f", b + n + 1}')" <"$output" \
    | awk -v s="$steady" '{printf "%.2f\n", $1 / s}' >>"$WORK/$key-after"
  errors <"$output" >>"$WORK/$key-errors"
  if [[ $rep == 1 ]]; then
    timeline "$started" <"$output" >"$WORK/$timeline_file"
  fi
}

status() { curl -s "http://127.0.0.1:$PORT/actuator/cluster"; }

# reload_and_wait LOG STARTED: ask for a reload, the documented bare POST, and wait for it to
# succeed; prints when it ended, STARTED plus the supervisor's own figure of its duration. The
# end is read from the supervisor's log, once a second: polling the endpoint (a curl and a
# python3 several times a second) cost this machine a fifth of its throughput, which earlier
# sessions counted against the reload.
reload_and_wait() {
  local log=$1 started=$2 id outcome=""
  id=$(curl -s -X POST "http://127.0.0.1:$PORT/actuator/cluster/reload" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  for _ in $(seq 1 900); do
    outcome=$(grep -o "Operation $id (reload) [A-Z]* after [0-9]* ms" "$log" || true)
    [[ -n $outcome ]] && break
    sleep 1
  done
  [[ $outcome == *SUCCEEDED* ]] || { say "reload failed: $(status)"; exit 1; }
  awk -v a="$started" -v ms="$(awk '{print $(NF - 1)}' <<<"$outcome")" 'BEGIN {printf "%.3f", a + ms / 1000}'
}

reload() {
  for app in "${RELOAD_APPS[@]}"; do
    for strategy in "${STRATEGIES[@]}"; do
      for size in "${RELOAD_SIZES[@]}"; do
        local key=reload-$app-$strategy-$size
        for rep in $(seq 1 "$(reps_of "$app")"); do
          say "reload: $app, $strategy, $size workers, run $rep"
          # shellcheck disable=SC2046
          APP_JAR=$(jar_of "$app") start_app "$key" --cluster.instances="$size" $(strategy_args "$strategy")
          load "$WARMUP" ka /hello >/dev/null
          load "$DURATION" ka /hello -s bench/timeline.lua | rps >>"$WORK/$key-steady"
          # wrk runs across the whole reload, and is stopped (it then prints its figures) once it is done.
          load 900 ka /hello -s bench/timeline.lua >"$WORK/wrk-reload" &
          local wrk_pid=$!
          sleep 2
          local started ended
          started=$(date +%s.%N)
          ended=$(reload_and_wait "$WORK/$key.log" "$started")
          sleep $((AFTER + 2))
          stop_wrk "$wrk_pid"
          record_reload "$key" "$WORK/wrk-reload" "$started" "$ended" "$rep"
          stop_app
        done
        say "  $key: duration $(tr '\n' ' ' <"$WORK/$key-duration")| during $(tr '\n' ' ' <"$WORK/$key-during")| steady $(tr '\n' ' ' <"$WORK/$key-steady")| errors $(tr '\n' ' ' <"$WORK/$key-errors")"
      done
    done
  done
  emit ""
  emit "### Rolling reload under saturating load (\`curl -X POST .../actuator/cluster/reload\`)"
  emit ""
  emit "wrk -t1 -c$CONNECTIONS keep-alive on \`/hello\` across the reload, on 2 cores shared with wrk; steady = ${DURATION} s just before; during = responses per second between the reload's start and end (the supervisor's figure), as a ratio to that run's steady; after = the same for the ${AFTER} s after it, while the last new JVM still warms; medians of $REPS runs (the heavy app: $HEAVY_REPS), each run's ratio in brackets. surge = \`cluster.reload.max-surge=1\`, \`max-unavailable=0\` (each new JVM ready before its old one drains; the default); drain-first = \`max-surge=0\`, \`max-unavailable=1\`. Workers start from the start-up cache; \`cluster.slow-start\` is 10s (the default) but for surge-without-slow-start, where it is 0."
  emit ""
  emit "| app | strategy | workers | reload duration s | steady req/s | req/s during reload | ratio during (runs) | ratio after | failed requests (runs) |"
  emit "|---|---|---|---|---|---|---|---|---|"
  for app in "${RELOAD_APPS[@]}"; do
    for strategy in "${STRATEGIES[@]}"; do
      for size in "${RELOAD_SIZES[@]}"; do
        local key=reload-$app-$strategy-$size
        emit "| $app | $strategy | $size | $(m "$key-duration") | $(m "$key-steady") | $(m "$key-during") | $(m "$key-ratio") ($(paste -sd, "$WORK/$key-ratio")) | $(m "$key-after") | $(m "$key-errors") ($(paste -sd, "$WORK/$key-errors")) |"
      done
    done
  done
}

# ---- kept-alive requests of slow apps across reloads

KEEPALIVE_RELOADS=${KEEPALIVE_RELOADS:-3}
read -r -a KEEPALIVE_APPS <<<"${KEEPALIVE_APPS:-heavy slow}"

# wrk -t2 keep-alive across KEEPALIVE_RELOADS reloads of 2 workers of an app whose responses take
# long and whose bodies have no length known ahead: the heavy app's Thymeleaf page, and the
# Tomcat test app's /slow (150 ms, written in two parts). wrk counts a body that only the
# connection's end delimits, and a connection closed before its response, as read errors.
keepalive() {
  local app jar path
  for app in "${KEEPALIVE_APPS[@]}"; do
    case $app in
      heavy) jar=$HEAVY_JAR path=/ ;;
      *) jar=test-apps/tomcat/target/test-app-tomcat.jar path="/slow?ms=150" ;;
    esac
    say "keepalive: $app, $KEEPALIVE_RELOADS reloads"
    APP_JAR=$jar start_app "keepalive-$app" --cluster.instances=2
    wrk -t2 -c"$CONNECTIONS" -d3600s "http://127.0.0.1:$PORT$path" >"$WORK/wrk-keepalive" &
    local wrk_pid=$! started
    sleep 5
    for _ in $(seq 1 "$KEEPALIVE_RELOADS"); do
      started=$(date +%s.%N)
      reload_and_wait "$WORK/keepalive-$app.log" "$started" >/dev/null
    done
    sleep 5
    stop_wrk "$wrk_pid"
    awk '/requests in/ {r = $1} /Socket errors/ {gsub(",", ""); c = $4; rd = $6; w = $8; t = $10}
      /Non-2xx/ {n = $5} END {printf "%d %d %d %d %d %d\n", r, c + 0, rd + 0, w + 0, t + 0, n + 0}' \
      "$WORK/wrk-keepalive" >"$WORK/keepalive-$app"
    grep -c "Drained in" "$WORK/keepalive-$app.log" >>"$WORK/keepalive-$app" || true
    say "  $app: $(cat "$WORK/keepalive-$app" | tr '\n' ' ')"
    stop_app
  done
  emit ""
  emit "### Kept-alive requests of slow apps across reloads"
  emit ""
  emit "wrk -t2 -c$CONNECTIONS keep-alive across $KEEPALIVE_RELOADS reloads of 2 workers, on 2 cores shared with wrk: heavy = the heavy app's Thymeleaf page \`/\`; slow = the Tomcat test app's \`/slow?ms=150\`, its body written in two parts. Read errors are what wrk counts as such: a connection closed before its response, or a body that only the connection's end delimits. Timeouts are responses slower than wrk's 2 s, not failures of the cluster."
  emit ""
  emit "| app | requests | connect errors | read errors | write errors | timeouts | non-2xx | drains |"
  emit "|---|---|---|---|---|---|---|---|"
  for app in "${KEEPALIVE_APPS[@]}"; do
    emit "| $app | $(head -1 "$WORK/keepalive-$app" | tr ' ' '|' | sed 's/|/ | /g') | $(tail -1 "$WORK/keepalive-$app") |"
  done
}

# ---- a worker's start, with and without the start-up cache

# restart_worker0 LOG: restart worker 0 through the endpoint; prints "<ms to ready> <CPU s>" of
# its new JVM, the CPU read the moment the supervisor logs it ready.
restart_worker0() {
  local log=$1 before pid line
  before=$(grep -c "is ready after" "$log")
  curl -s -X POST "http://127.0.0.1:$PORT/actuator/cluster/restart/0" >/dev/null
  for _ in $(seq 1 6000); do
    if (($(grep -c "is ready after" "$log") > before)); then
      line=$(grep "is ready after" "$log" | tail -1)
      pid=$(sed -E 's/.*\(pid ([0-9]+)\).*/\1/' <<<"$line")
      echo "$(sed -E 's/.*is ready after ([0-9]+) ms.*/\1/' <<<"$line") $(cpu_s "$pid")"
      return 0
    fi
    sleep 0.02
  done
  say "worker 0 did not restart; log: $log"; exit 1
}

startup() {
  local jdks=(17)
  [[ -x $JDK25/bin/java ]] && jdks+=(25)
  for app in sample heavy; do
    for jdk in "${jdks[@]}"; do
      for cache in off on; do
        local key=start-$app-$jdk-$cache args=(--cluster.instances=1)
        [[ $cache == off ]] && args+=(--cluster.startup-cache.enabled=false)
        say "startup: $app, JDK $jdk, cache $cache"
        JAVA=$(java_of "$jdk") APP_JAR=$(jar_of "$app") start_app "$key" "${args[@]}"
        grep -q "Start-up cache ready" "$WORK/$key.log" || [[ $cache == off ]] \
          || { say "no start-up cache for $app on JDK $jdk: $(grep -i "start-up cache" "$WORK/$key.log")"; }
        for _ in $(seq 1 "$REPS"); do
          read -r ms cpu < <(restart_worker0 "$WORK/$key.log")
          echo "$ms" >>"$WORK/$key-ms"
          echo "$cpu" >>"$WORK/$key-cpu"
        done
        say "  $key: ready ms $(tr '\n' ' ' <"$WORK/$key-ms")| CPU s $(tr '\n' ' ' <"$WORK/$key-cpu")"
        stop_app
      done
    done
  done
  emit ""
  emit "### A worker's start, with and without the start-up cache"
  emit ""
  emit "One worker, idle, restarted through \`POST /actuator/cluster/restart/0\`: time from its launch to ready (Spring readiness \`ACCEPTING_TRAFFIC\`), and the CPU its JVM used by then (user + system, all threads); median of $REPS. The cache is a class-data-sharing archive on JDK 17 (\`-XX:ArchiveClassesAtExit\`), an AOT cache on JDK 25 (\`-XX:AOTCacheOutput\`), both from Spring Boot's training run on the extracted jar. The sample: Spring MVC and Actuator; heavy: JPA with Hibernate and H2, 40 entities, Thymeleaf (\`bench/heavy-app\`)."
  emit ""
  emit "| app | JDK | ready s, no cache | ready s, cache | ratio | CPU s, no cache | CPU s, cache | ratio |"
  emit "|---|---|---|---|---|---|---|---|"
  for app in sample heavy; do
    for jdk in "${jdks[@]}"; do
      local off=start-$app-$jdk-off on=start-$app-$jdk-on
      emit "| $app | $jdk | $(secs "$(m "$off-ms")") | $(secs "$(m "$on-ms")") | $(ratio "$(m "$on-ms")" "$(m "$off-ms")") | $(m "$off-cpu") | $(m "$on-cpu") | $(ratio "$(m "$on-cpu")" "$(m "$off-cpu")") |"
    done
  done
}

# ---- memory per worker, proportional: what a shared archive saves

pss() {
  for cache in off on; do
    for n in 2 4; do
      local key=pss-$cache-$n args=(--cluster.instances="$n")
      [[ $cache == off ]] && args+=(--cluster.startup-cache.enabled=false)
      say "pss: cache $cache, $n workers"
      start_app "$key" "${args[@]}"
      if [[ $cache == on ]]; then
        # Only workers started after the cache was made use it: replace them all.
        curl -s -X POST "http://127.0.0.1:$PORT/actuator/cluster/reload" >/dev/null
        until status | python3 -c "import json,sys; o=json.load(sys.stdin)['operation']; sys.exit(o is None or o['outcome'] == 'RUNNING')"; do
          sleep 0.5
        done
      fi
      sleep 3
      for worker in $(pgrep -P "$APP_PID" java); do pss_kb "$worker"; done >"$WORK/$key-workers"
      awk '{s += $1} END {print s}' "$WORK/$key-workers" >"$WORK/$key-total"
      median <"$WORK/$key-workers" >"$WORK/$key-each"
      stop_app
    done
  done
  emit ""
  emit "### Memory of the workers, proportional (PSS)"
  emit ""
  emit "The sample, idle, \`-Xmx256m\`; PSS (\`/proc/PID/smaps_rollup\`) counts a page shared by k processes as 1/k in each, so the total is what the workers really take. With the cache, every worker maps the same archive."
  emit ""
  emit "| workers | PSS per worker MB, no cache | with cache | total MB, no cache | with cache | ratio |"
  emit "|---|---|---|---|---|---|"
  for n in 2 4; do
    emit "| $n | $(mb "$(cat "$WORK/pss-off-$n-each")") | $(mb "$(cat "$WORK/pss-on-$n-each")") | $(mb "$(cat "$WORK/pss-off-$n-total")") | $(mb "$(cat "$WORK/pss-on-$n-total")") | $(ratio "$(cat "$WORK/pss-on-$n-total")" "$(cat "$WORK/pss-off-$n-total")") |"
  done
}

# ---- each worker's share of the requests, per server

# requests_by_worker: "<worker> <count of /hello requests>" from the merged scrape.
requests_by_worker() {
  curl -s "http://127.0.0.1:$PORT/actuator/prometheus" | awk '/^http_server_requests_seconds_count\{/ && /uri="\/hello"/ {
      match($0, /worker="[0-9]+"/); w = substr($0, RSTART + 8, RLENGTH - 9); n[w] += $NF }
    END { for (w in n) print w, n[w] }' | sort -n
}

balance() {
  local servers
  read -r -a servers <<<"${BALANCE_SERVERS:-tomcat jetty webflux}"
  for server in "${servers[@]}"; do
    local jar=test-apps/$server/target/test-app-$server.jar
    [[ -f $jar ]] || { say "balance: $jar missing (mvn -B verify builds it)"; exit 1; }
    for n in 2 4; do
      for mode in ka cc; do
        local key=balance-$server-$n-$mode
        for rep in $(seq "$BALANCE_REPS"); do
          say "balance: $server, $n workers, $mode, run $rep"
          APP_JAR=$jar EXPOSE=cluster,prometheus start_app "$key" --cluster.instances="$n"
          load "$((WARMUP / 2))" "$mode" /hello >/dev/null
          requests_by_worker >"$WORK/$key-before"
          load "$DURATION" "$mode" /hello >/dev/null
          requests_by_worker >"$WORK/$key-after"
          # Each worker's share of the measured run, in percent, from the highest.
          join "$WORK/$key-before" "$WORK/$key-after" | awk '{d[$1] = $3 - $2; t += $3 - $2}
            END { for (w in d) printf "%.0f\n", 100 * d[w] / t }' | sort -rn | paste -sd/ >>"$WORK/$key-shares"
          say "  $key: shares % $(tail -1 "$WORK/$key-shares")"
          stop_app
        done
      done
    done
  done
  emit ""
  emit "### Each worker's share of the requests"
  emit ""
  emit "\`GET /hello\` for ${DURATION} s after $((WARMUP / 2)) s of warm-up, wrk -c$CONNECTIONS, default port sharing (\`shared-socket\`); each worker's share of the requests from the merged scrape (\`http_server_requests_seconds_count{worker=...}\`), highest first, one cluster per run ($BALANCE_REPS runs, separated by ';'); an even split is 50/50 or 25/25/25/25. Node's docs report over 70 % on 2 of 8 processes with a shared socket. Jetty and Reactor Netty workers close a kept-alive connection after \`cluster.max-keep-alive-requests\` (100) requests, as Tomcat does by default."
  emit ""
  emit "| server | workers | keep-alive shares % | new connection per request shares % |"
  emit "|---|---|---|---|"
  for server in "${servers[@]}"; do
    for n in 2 4; do
      emit "| $server | $n | $(paste -sd';' "$WORK/balance-$server-$n-ka-shares" | sed 's/;/; /g') | $(paste -sd';' "$WORK/balance-$server-$n-cc-shares" | sed 's/;/; /g') |"
    done
  done
}

# ---- 4: footprint

footprint() {
  local single_rss=()
  for _ in $(seq 1 "$REPS"); do
    start_app footprint-single --cluster.enabled=false
    sleep 2 # settle: what an idle JVM holds, not what it held while starting
    rss_kb "$APP_PID" >>"$WORK/fp-single-rss"
    echo "$READY_MS" >>"$WORK/fp-single-ready"
    stop_app
  done
  for n in 1 2 4; do
    for _ in $(seq 1 "$REPS"); do
      start_app "footprint-$n" --cluster.instances="$n" --logging.level.dev.clusterboot.supervisor.SupervisorMemory=debug
      echo "$READY_MS" >>"$WORK/fp-$n-ready"
      # The supervisor trims its memory once the cluster has settled: measure after that,
      # and after G1 has uncommitted the heap it gave up (in the background, seconds later).
      await_trim "$WORK/footprint-$n.log"
      sleep 5
      rss_kb "$APP_PID" >>"$WORK/fp-$n-supervisor"
      for worker in $(pgrep -P "$APP_PID" java); do rss_kb "$worker"; done | median >>"$WORK/fp-$n-worker"
      stop_app
    done
    say "footprint $n: ready ms $(tr '\n' ' ' <"$WORK/fp-$n-ready"), supervisor kB $(tr '\n' ' ' <"$WORK/fp-$n-supervisor")"
  done
  emit ""
  emit "### Footprint (idle, after start-up)"
  emit ""
  emit "Resident memory (VmRSS), \`-Xmx256m\`, 5 s after the supervisor's first trim (the plain JVM: 2 s after its first answer); time from launch to \"all workers ready\" (the plain JVM: to its first answer); median of $REPS."
  emit ""
  emit "| setup | supervisor RSS MB | RSS per worker MB | total MB | launch to ready s |"
  emit "|---|---|---|---|---|"
  emit "| one plain JVM | - | $(mb "$(m fp-single-rss)") | $(mb "$(m fp-single-rss)") | $(secs "$(m fp-single-ready)") |"
  for n in 1 2 4; do
    emit "| cluster, N=$n | $(mb "$(m "fp-$n-supervisor")") | $(mb "$(m "fp-$n-worker")") | $(mb "$(awk -v s="$(m "fp-$n-supervisor")" -v w="$(m "fp-$n-worker")" -v n="$n" 'BEGIN {print s + n * w}')") | $(secs "$(m "fp-$n-ready")") |"
  done
}

mb() { awk -v kb="$1" 'BEGIN {printf "%.0f", kb / 1024}'; }
secs() { awk -v ms="$1" 'BEGIN {printf "%.1f", ms / 1000}'; }

# ---- 4b: the supervisor's own memory, against its floor and PM2's daemon

# mem_kb PID: VmRSS, its anonymous and file-backed parts, and PSS, in kB.
mem_kb() {
  awk '/^VmRSS/ {r = $2} /^RssAnon/ {a = $2} /^RssFile/ {f = $2} END {printf "%s %s %s", r, a, f}' "/proc/$1/status"
  echo " $(pss_kb "$1")"
}
# Field N (1 RSS, 2 anonymous, 3 file, 4 PSS) of a file of mem_kb lines: the median, in MB.
mem_m() { awk -v n="$2" '{print $n}' "$WORK/$1" | median | xargs -I{} awk 'BEGIN {printf "%.0f", {} / 1024}'; }
mem_row() { emit "| $1 | $(mem_m "$2" 1) | $(mem_m "$2" 2) | $(mem_m "$2" 3) | $(mem_m "$2" 4) | $(mem_m "$3" 1) | $(mem_m "$3" 2) |"; }

# await_trim LOG: the line of the first trim (the supervisor logs it at debug), or 60 s.
await_trim() {
  for _ in $(seq 1 1200); do
    grep -q "Trimmed:" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  say "no trim logged in $1 within 60 s; measuring anyway"
}

supervisor() {
  local extracted=$WORK/extracted floor=$WORK/floor app_jar
  java -Djarmode=tools -jar "$JAR" extract --destination "$extracted" >/dev/null
  app_jar=$extracted/$(basename "$JAR")
  mkdir -p "$floor"
  javac -nowarn -cp "$app_jar" -d "$floor" bench/floor/EnvironmentOnly.java
  install_pm2
  for rep in $(seq 1 "$REPS"); do
    say "supervisor memory, run $rep"
    start_app "supervisor-$rep" --cluster.instances=2 --logging.level.dev.clusterboot.supervisor.SupervisorMemory=debug
    await_trim "$WORK/supervisor-$rep.log"
    sleep 5
    mem_kb "$APP_PID" >>"$WORK/mem-ours"
    sleep 55
    mem_kb "$APP_PID" >>"$WORK/mem-ours-later"
    stop_app
    java -Xmx256m -cp "$app_jar:$floor" EnvironmentOnly dev.clusterboot.sample.SampleApplication \
      --cluster.enabled=false --server.port="$PORT" >"$WORK/floor-$rep.log" 2>&1 &
    APP_PID=$!
    await_trim "$WORK/floor-$rep.log"
    sleep 5
    mem_kb "$APP_PID" >>"$WORK/mem-floor"
    sleep 55
    mem_kb "$APP_PID" >>"$WORK/mem-floor-later"
    stop_app
    PORT=$PORT "$PM2" start bench/node/server.js -i 2 --name bench >/dev/null
    pm2_ready 2
    # When ours is measured: its trim comes 10 s after its workers are ready.
    sleep 15
    mem_kb "$(cat "$PM2_HOME/pm2.pid")" >>"$WORK/mem-pm2"
    sleep 55
    mem_kb "$(cat "$PM2_HOME/pm2.pid")" >>"$WORK/mem-pm2-later"
    "$PM2" kill >/dev/null 2>&1 || true
  done
  emit ""
  emit "### The supervisor's own memory, idle, N=2, against its floor and PM2's daemon"
  emit ""
  emit "Ours: the sample's supervisor of 2 workers, \`-Xmx256m\`, 5 s after its first trim (which comes 10 s after the cluster settles; native memory is given back again every 10 s after), and a minute later. Floor: the same app and command line, stopped where our supervisor takes over (Spring Boot's prepared environment, \`bench/floor/EnvironmentOnly.java\`), idle, compiled and trimmed as the supervisor compiles and trims (C1 only from there on, wholly trimmed 10 s in, its native memory every 10 s after): no supervisor inside the app's own JVM can be below it. PM2: its daemon with 2 Node workers, at the same times after its workers are ready. Anonymous memory is the process's own; file-backed pages (the JVM's library and class-data archive, Node's binary) are shared with every process that maps the same files. Median of $REPS."
  emit ""
  emit "| process | RSS MB | anonymous MB | file-backed MB | PSS MB | a minute later: RSS MB | anonymous MB |"
  emit "|---|---|---|---|---|---|---|"
  mem_row "our supervisor" mem-ours mem-ours-later
  mem_row "floor: the app's JVM at its prepared environment" mem-floor mem-floor-later
  mem_row "PM2 daemon" mem-pm2 mem-pm2-later
}

# ---- 4c: what relaying costs the supervisor under load: app messages and worker output

# The CPU seconds of the supervisor's worker JVMs (its children), summed.
children_cpu_s() {
  local total=0 child
  for child in $(pgrep -P "$1" || true); do
    total=$(awk -v a="$total" -v b="$(cpu_s "$child")" 'BEGIN {print a + b}')
  done
  echo "$total"
}

# The median of column N of a file of runs.
col() { awk -v n="$2" '{print $n}' "$WORK/$1" | median; }

relay() {
  local jar=test-apps/tomcat/target/test-app-tomcat.jar
  [[ -f $jar ]] || { say "relay: $jar missing (mvn -B verify builds it)"; exit 1; }
  printf 'wrk.method = "POST"\n' >"$WORK/post.lua"
  local rep variant
  for rep in $(seq 1 "$REPS"); do
    # c1: the default (cluster.supervisor-c1-only); c2: the supervisor compiles as launched, the
    # baseline.
    for variant in c1 c2; do
      say "relay, $variant, run $rep"
      # Spring MVC's debug lines: several per request, each relayed by the supervisor.
      APP_JAR=$jar start_app "relay-$variant-$rep" --cluster.instances=2 \
        --logging.level.org.springframework.web=DEBUG --cluster.supervisor-c1-only="$([[ $variant == c1 ]] && echo true || echo false)"
      local log=$WORK/relay-$variant-$rep.log phase
      for phase in messages lines; do
        local cpu0 w0 l0 cpu1 w1 l1 out
        cpu0=$(cpu_s "$APP_PID"); w0=$(children_cpu_s "$APP_PID"); l0=$(wc -l <"$log")
        case $phase in
          # Each request broadcasts a 1000-character message: the supervisor reads it from
          # one worker's channel and writes it to both.
          messages) out=$(load "$DURATION" ka "/test/broadcast?topic=bench&size=1000" -s "$WORK/post.lua") ;;
          lines) out=$(load "$DURATION" ka /hello) ;;
        esac
        cpu1=$(cpu_s "$APP_PID"); w1=$(children_cpu_s "$APP_PID"); l1=$(wc -l <"$log")
        awk -v out="$(echo "$out" | awk '/requests in/ {print $1}')" -v c="$cpu0 $cpu1" -v w="$w0 $w1" \
          -v l="$((l1 - l0))" -v d="$DURATION" -v rss="$(rss_kb "$APP_PID")" -v err="$(echo "$out" | errors)" 'BEGIN {
            split(c, cs, " "); split(w, ws, " "); sup = cs[2] - cs[1]; work = ws[2] - ws[1]
            printf "%.0f %.0f %.0f %.2f %.1f %.0f %d\n", out / d, l / d, 1e6 * sup / out, 1e6 * sup / l,
              100 * sup / (sup + work), rss, err }' >>"$WORK/relay-$variant-$phase"
        say "  relay-$variant-$phase: $(tail -1 "$WORK/relay-$variant-$phase")"
      done
      stop_app
    done
  done
  emit ""
  emit "### What relaying costs the supervisor under load"
  emit ""
  emit "The test app (\`test-apps/tomcat\`, Spring MVC's log at debug: 7 lines a broadcast, 5 a \`/hello\`), 2 workers, wrk -c$CONNECTIONS for ${DURATION} s per phase: first \`POST /test/broadcast\` (each request sends a 1000-character app message that the supervisor relays to both workers), then \`GET /hello\`. The supervisor relays every line the workers write, prefixed. Its CPU is read from /proc, its share is against the whole cluster's (supervisor and workers); memory is its resident size at the end of the phase: its heap grows under load, up to the app's \`-Xmx256m\`, and G1's periodic collection, which the supervisor's first trim turns on, gives it back within about two minutes of idling (by hand: 140 MB to 78 MB). The baseline is the supervisor compiling as launched (\`cluster.supervisor-c1-only=false\`, C1 and C2), started alternately with the default (C1 only) in the same session. Median of $REPS."
  emit ""
  emit "| phase | supervisor compiles | requests/s | lines relayed/s | supervisor CPU per request, µs | per line relayed, µs | supervisor's share of the cluster's CPU | supervisor RSS after, MB | failed requests |"
  emit "|---|---|---|---|---|---|---|---|---|"
  local phase key
  for phase in messages lines; do
    for variant in c2 c1; do
      key=relay-$variant-$phase
      emit "| $phase | $([[ $variant == c1 ]] && echo "C1 only (default)" || echo "as launched, C1 and C2") | $(col "$key" 1) | $(col "$key" 2) | $(col "$key" 3) | $(col "$key" 4) | $(col "$key" 5) % | $(mb "$(col "$key" 6)") | $(col "$key" 7) |"
    done
  done
}

# ---- 5: PM2 with Node.js, the same job on the same machine

export PM2_HOME=$WORK/pm2-home
PM2=$PM2_DIR/node_modules/.bin/pm2
NODE_PID=""

install_pm2() {
  command -v node >/dev/null || { say "The PM2 part needs Node.js (apt-get install nodejs npm)"; exit 1; }
  if [[ ! -x $PM2 ]] || [[ $("$PM2" --version 2>/dev/null | tail -1) != "$PM2_VERSION" ]]; then
    say "installing pm2@$PM2_VERSION into $PM2_DIR"
    npm install --no-audit --no-fund --silent --prefix "$PM2_DIR" "pm2@$PM2_VERSION" >&2
  fi
}

stop_pm2() {
  [[ -n $NODE_PID ]] && kill "$NODE_PID" 2>/dev/null || true
  if [[ -x ${PM2:-} && -d ${PM2_HOME:-/nonexistent} ]]; then "$PM2" kill >/dev/null 2>&1 || true; fi
}

pm2_ready() { # pm2_ready N: N online instances answer
  for _ in $(seq 1 600); do
    [[ $("$PM2" jlist 2>/dev/null | python3 -c 'import json,sys; print(sum(p["pm2_env"]["status"] == "online" for p in json.load(sys.stdin)))' 2>/dev/null) == "$1" ]] \
      && curl -sf "http://127.0.0.1:$PORT/hello" >/dev/null && return 0
    sleep 0.1
  done
  say "PM2 did not start $1 instance(s)"; exit 1
}

pm2() {
  install_pm2
  local node_version pm2_version
  node_version=$(node --version)
  # One plain Node process: the baseline.
  say "pm2: node single"
  PORT=$PORT node bench/node/server.js >"$WORK/node.log" 2>&1 &
  NODE_PID=$!
  until curl -sf "http://127.0.0.1:$PORT/hello" >/dev/null; do sleep 0.1; done
  load "$((WARMUP / 2))" ka /hello >/dev/null
  measure node-ka ka /hello
  measure node-cc cc /hello
  kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true; NODE_PID=""
  # PM2 cluster mode, 2 instances.
  say "pm2: cluster of 2"
  PORT=$PORT "$PM2" start bench/node/server.js -i 2 --name bench >/dev/null
  pm2_version=$("$PM2" --version | tail -1)
  pm2_ready 2
  load "$((WARMUP / 2))" ka /hello >/dev/null
  measure pm2-ka ka /hello
  measure pm2-cc cc /hello
  local daemon
  daemon=$(cat "$PM2_HOME/pm2.pid")
  rss_kb "$daemon" >"$WORK/pm2-daemon"
  for pid in $("$PM2" jlist | python3 -c 'import json,sys; print(" ".join(str(p["pid"]) for p in json.load(sys.stdin)))'); do
    rss_kb "$pid"
  done | median >"$WORK/pm2-worker"
  # pm2 reload under the same load as ours.
  for rep in $(seq 1 "$REPS"); do
    say "pm2: reload, run $rep"
    load "$DURATION" ka /hello -s bench/timeline.lua | rps >>"$WORK/pm2-reload-steady"
    load 600 ka /hello -s bench/timeline.lua >"$WORK/wrk-pm2-reload" &
    local wrk_pid=$!
    sleep 2
    local started ended
    started=$(date +%s.%N)
    "$PM2" reload bench >/dev/null
    ended=$(date +%s.%N)
    sleep $((AFTER + 2))
    stop_wrk "$wrk_pid"
    record_reload pm2-reload "$WORK/wrk-pm2-reload" "$started" "$ended" "$rep" timeline-pm2
    pm2_ready 2
  done
  "$PM2" kill >/dev/null 2>&1 || true
  emit ""
  emit "### PM2 doing the same job: Node.js $node_version, PM2 $pm2_version"
  emit ""
  emit "A minimal Node HTTP server answering the same small JSON (\`bench/node/server.js\`, which closes its server on SIGINT as PM2 advises), as one process and under \`pm2 start -i 2\`; same wrk settings. Compare ratios and failures, not requests/s across runtimes."
  emit ""
  emit "| | keep-alive req/s | ratio to one process | new connection req/s | ratio to one process |"
  emit "|---|---|---|---|---|"
  emit "| one Node process | $(m node-ka.rps) | 1.00 | $(m node-cc.rps) | 1.00 |"
  emit "| PM2 cluster mode, 2 | $(m pm2-ka.rps) | $(ratio "$(m pm2-ka.rps)" "$(m node-ka.rps)") | $(m pm2-cc.rps) | $(ratio "$(m pm2-cc.rps)" "$(m node-cc.rps)") |"
  if [[ -f $WORK/shared-socket-2-ka.rps ]]; then
    emit "| ours, \`shared-socket\`, N=2, against one JVM | | $(ratio "$(m shared-socket-2-ka.rps)" "$(m single-ka.rps)") | | $(ratio "$(m shared-socket-2-cc.rps)" "$(m single-cc.rps)") |"
  fi
  emit ""
  emit "| \`pm2 reload\` of 2 under load | reload duration s | steady req/s | req/s during reload | ratio during (runs) | ratio after | failed requests (runs) |"
  emit "|---|---|---|---|---|---|---|"
  local k
  for k in pm2-reload reload-sample-surge-2; do
    [[ -f $WORK/$k-errors ]] || continue
    emit "| $([[ $k == pm2-reload ]] && echo PM2 || echo "ours, the sample (from the reload part)") | $(m $k-duration) | $(m $k-steady) | $(m $k-during) | $(m $k-ratio) ($(paste -sd, "$WORK/$k-ratio")) | $(m $k-after) | $(m $k-errors) ($(paste -sd, "$WORK/$k-errors")) |"
  done
  emit ""
  emit "Memory: PM2 daemon $(mb "$(cat "$WORK/pm2-daemon")") MB RSS, each Node worker $(mb "$(cat "$WORK/pm2-worker")") MB (ours: the footprint part)."
}

# ---- the plot of requests/s over time through a reload, ours and PM2's

plot() {
  [[ -f $WORK/timeline-reload-sample-surge-2 && -f $WORK/timeline-pm2 ]] || return 0
  command -v gnuplot >/dev/null || { say "no gnuplot (apt-get install gnuplot-nox): no plot"; return 0; }
  normalize "$(m reload-sample-surge-2-steady)" <"$WORK/timeline-reload-sample-surge-2" >"$WORK/ours.dat"
  normalize "$(m pm2-reload-steady)" <"$WORK/timeline-pm2" >"$WORK/pm2.dat"
  gnuplot <<EOF
set terminal pngcairo size 900,420 font ",10"
set output "$PLOT"
set title "Requests/s through a rolling reload of 2 workers, against each one's steady state (same machine, wrk -c$CONNECTIONS keep-alive)"
set xlabel "seconds since the reload was asked"
set ylabel "req/s / steady req/s"
set xrange [-3:$(awk -v d="$(m reload-sample-surge-2-duration)" 'BEGIN {printf "%d", d + 8}')]
set yrange [0:*]
set grid
set key bottom right
plot "$WORK/ours.dat" with linespoints title "cluster-spring-boot-starter (Spring Boot, 2 workers)", \
     "$WORK/pm2.dat" with linespoints title "PM2 cluster mode (Node.js, 2 workers)"
EOF
  emit ""
  emit "![Requests/s through a reload, ours and PM2's]($(basename "$PLOT"))"
}

# ---- run, then write the results into the docs

header
for part in $PARTS; do
  "$part"
done
plot
python3 - "$DOC" "$RESULTS" <<'EOF'
import sys
doc, results = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(doc, "w").write(head + begin + "\n" + results + "\n" + end + tail)
EOF
say "results written into $DOC"
