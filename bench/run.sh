#!/usr/bin/env bash
# The benchmark suite: the cluster against one plain JVM and against PM2, on this machine, in one
# session. Prints each table as it is measured, and writes them all into docs/benchmarks.md
# (between its "bench:begin" and "bench:end" markers) with the date, the machine and the commands.
#
#   bash bench/run.sh                 # everything, about 40 minutes on 2 cores
#   PARTS="footprint pm2" bash bench/run.sh      # some parts: overhead stop footprint reload pm2
#   REPS=5 DURATION=15 bash bench/run.sh         # longer runs
#
# Needs: the built sample jar (mvn -B -q install -DskipTests), wrk, curl, python3; for the PM2
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
PARTS=${PARTS:-overhead stop footprint reload pm2}
read -r -a MECHANISMS <<<"${MECHANISMS:-shared-socket reuseport proxy}"
read -r -a RELOAD_SIZES <<<"${RELOAD_SIZES:-2 4}"
PM2_VERSION=${PM2_VERSION:-5.4.3}
PM2_DIR=${PM2_DIR:-$HOME/.cache/cluster-bench-pm2}
WORK=$(mktemp -d)
RESULTS=$WORK/results.md
DOC=docs/benchmarks.md
PLOT=docs/benchmarks-reload.png
# shellcheck source=lib.sh
source bench/lib.sh
trap 'stop_pm2; cleanup' EXIT
require_build_and_wrk

say() { echo "$*" >&2; }
emit() { echo "$*" | tee -a "$RESULTS"; }

# ---- the app under test

start_app() { # start_app LABEL ARGS...: the sample app, ready when this returns; sets APP_PID
  local label=$1; shift
  STARTED_AT=$(date +%s%N)
  java -Xmx256m -jar "$JAR" --server.port="$PORT" \
    --management.endpoints.web.exposure.include=cluster "$@" >"$WORK/$label.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 1200); do
    if grep -q "All .* workers are ready" "$WORK/$label.log" 2>/dev/null \
      || { [[ " $* " == *" --cluster.enabled=false "* ]] && curl -sf "http://127.0.0.1:$PORT/hello" >/dev/null; }; then
      READY_MS=$((($(date +%s%N) - STARTED_AT) / 1000000))
      return 0
    fi
    sleep 0.05
  done
  say "$label did not become ready; log: $WORK/$label.log"
  exit 1
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

status() { curl -s "http://127.0.0.1:$PORT/actuator/cluster"; }

reload() {
  for size in "${RELOAD_SIZES[@]}"; do
    for rep in $(seq 1 "$REPS"); do
      say "reload: $size workers, run $rep"
      start_app "reload-$size" --cluster.instances="$size"
      load "$WARMUP" ka /hello >/dev/null
      load "$DURATION" ka /hello -s bench/timeline.lua | rps >>"$WORK/reload-$size-steady"
      # wrk runs across the whole reload, and is stopped (it then prints its figures) once it is done.
      load 600 ka /hello -s bench/timeline.lua >"$WORK/wrk-reload" &
      local wrk_pid=$!
      sleep 2
      local started ended id
      started=$(date +%s.%N)
      id=$(curl -s -X POST -H 'Content-Type: application/json' -d '{}' \
        "http://127.0.0.1:$PORT/actuator/cluster/reload" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
      until status | python3 -c "import json,sys; o=json.load(sys.stdin)['operation']; sys.exit(o['id'] != '$id' or o['outcome'] == 'RUNNING')"; do
        sleep 0.2
      done
      ended=$(date +%s.%N)
      status | grep -q '"outcome":"SUCCEEDED"' || { say "reload failed: $(status)"; exit 1; }
      sleep 5
      stop_wrk "$wrk_pid"
      awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.1f\n", b - a}' >>"$WORK/reload-$size-duration"
      during "$started" "$ended" <"$WORK/wrk-reload" >>"$WORK/reload-$size-during"
      errors <"$WORK/wrk-reload" >>"$WORK/reload-$size-errors"
      [[ $size == 2 && $rep == 1 ]] && timeline "$started" <"$WORK/wrk-reload" >"$WORK/timeline-ours"
      stop_app
    done
    say "  $size workers: duration $(tr '\n' ' ' <"$WORK/reload-$size-duration")| errors $(tr '\n' ' ' <"$WORK/reload-$size-errors")"
  done
  emit ""
  emit "### Rolling reload under load (\`POST /actuator/cluster/reload\`, default port sharing)"
  emit ""
  emit "wrk -t1 -c$CONNECTIONS keep-alive across the reload; steady = ${DURATION} s just before; during = responses per second between the reload's start and end; median of $REPS."
  emit ""
  emit "| workers | reload duration s | steady req/s | req/s during reload | ratio | failed requests (runs) |"
  emit "|---|---|---|---|---|---|"
  for size in "${RELOAD_SIZES[@]}"; do
    emit "| $size | $(m "reload-$size-duration") | $(m "reload-$size-steady") | $(m "reload-$size-during") | $(ratio "$(m "reload-$size-during")" "$(m "reload-$size-steady")") | $(m "reload-$size-errors") ($(paste -sd, "$WORK/reload-$size-errors")) |"
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
      start_app "footprint-$n" --cluster.instances="$n"
      echo "$READY_MS" >>"$WORK/fp-$n-ready"
      sleep 2
      rss_kb "$APP_PID" >>"$WORK/fp-$n-supervisor"
      for worker in $(pgrep -P "$APP_PID" java); do rss_kb "$worker"; done | median >>"$WORK/fp-$n-worker"
      stop_app
    done
    say "footprint $n: ready ms $(tr '\n' ' ' <"$WORK/fp-$n-ready")"
  done
  emit ""
  emit "### Footprint (idle, after start-up)"
  emit ""
  emit "Resident memory (VmRSS), \`-Xmx256m\`; time from launch to \"all workers ready\" (the plain JVM: to its first answer); median of $REPS."
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
    sleep 5
    stop_wrk "$wrk_pid"
    awk -v a="$started" -v b="$ended" 'BEGIN {printf "%.1f\n", b - a}' >>"$WORK/pm2-reload-duration"
    during "$started" "$ended" <"$WORK/wrk-pm2-reload" >>"$WORK/pm2-reload-during"
    errors <"$WORK/wrk-pm2-reload" >>"$WORK/pm2-reload-errors"
    [[ $rep == 1 ]] && timeline "$started" <"$WORK/wrk-pm2-reload" >"$WORK/timeline-pm2"
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
  emit "| \`pm2 reload\` of 2 under load | reload duration s | steady req/s | req/s during reload | ratio | failed requests (runs) |"
  emit "|---|---|---|---|---|---|"
  emit "| PM2 | $(m pm2-reload-duration) | $(m pm2-reload-steady) | $(m pm2-reload-during) | $(ratio "$(m pm2-reload-during)" "$(m pm2-reload-steady)") | $(m pm2-reload-errors) ($(paste -sd, "$WORK/pm2-reload-errors")) |"
  if [[ -f $WORK/reload-2-errors ]]; then
    emit "| ours (from the reload part) | $(m reload-2-duration) | $(m reload-2-steady) | $(m reload-2-during) | $(ratio "$(m reload-2-during)" "$(m reload-2-steady)") | $(m reload-2-errors) ($(paste -sd, "$WORK/reload-2-errors")) |"
  fi
  emit ""
  emit "Memory: PM2 daemon $(mb "$(cat "$WORK/pm2-daemon")") MB RSS, each Node worker $(mb "$(cat "$WORK/pm2-worker")") MB (ours: the footprint part)."
}

# ---- the plot of requests/s over time through a reload, ours and PM2's

plot() {
  [[ -f $WORK/timeline-ours && -f $WORK/timeline-pm2 ]] || return 0
  command -v gnuplot >/dev/null || { say "no gnuplot (apt-get install gnuplot-nox): no plot"; return 0; }
  normalize "$(m reload-2-steady)" <"$WORK/timeline-ours" >"$WORK/ours.dat"
  normalize "$(m pm2-reload-steady)" <"$WORK/timeline-pm2" >"$WORK/pm2.dat"
  gnuplot <<EOF
set terminal pngcairo size 900,420 font ",10"
set output "$PLOT"
set title "Requests/s through a rolling reload of 2 workers, against each one's steady state (same machine, wrk -c$CONNECTIONS keep-alive)"
set xlabel "seconds since the reload was asked"
set ylabel "req/s / steady req/s"
set xrange [-3:$(awk -v d="$(m reload-2-duration)" 'BEGIN {printf "%d", d + 8}')]
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
