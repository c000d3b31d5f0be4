# Shared by the scripts in bench/: sourced, not run. The caller sets PORT and WORK, and calls
# cleanup from its EXIT trap, so that nothing it started outlives it.

JAR=sample-app/target/sample-app-0.1.0-SNAPSHOT.jar
APP_PID=""

require_build_and_wrk() {
  [[ -f $JAR ]] || { echo "Build first: mvn -B -q install -DskipTests" >&2; exit 1; }
  command -v wrk >/dev/null || { echo "Needs wrk (apt-get install wrk)" >&2; exit 1; }
}

# The app by its pid, then anything else still serving our port.
stop_app() {
  if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID"
    while kill -0 "$APP_PID" 2>/dev/null; do sleep 0.1; done
  fi
  APP_PID=""
}

cleanup() {
  stop_app
  pkill -f -- "--server.port=$PORT" || true
  rm -rf "$WORK"
}

# Figures from wrk's output.
rps() { awk '/Requests\/sec/ {print $2}'; }
errors() { awk '/Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} /Non-2xx/ {n += $5} END {print n + 0}'; }
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# wrk --latency: the Pth percentile in milliseconds.
percentile() {
  awk -v p="$1%" '$1 == p && NF == 2 {
    v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v)
    print (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : (unit == "m") ? v * 60000 : v; exit }'
}

# bench/timeline.lua's "timeline <epoch second> <responses>" lines:
# during START END: mean responses per second over the whole seconds between START and END;
during() {
  awk -v a="$1" -v b="$2" '$1 == "timeline" { n[$2] += $3 }
    END { from = int(a) + 1; to = int(b) - 1; if (to < from) { from = int(a); to = int(b) }
          for (s = from; s <= to; s++) sum += n[s]; printf "%.0f\n", sum / (to - from + 1) }'
}
# timeline START: "<seconds since START> <responses>" per second, in order, without the first and
# last seconds, which wrk ran only part of;
timeline() {
  awk -v a="$1" '$1 == "timeline" { n[$2] += $3 } END { for (s in n) print s - int(a), n[s] }' | sort -n \
    | sed '1d;$d'
}
# normalize STEADY: the same, as a fraction of the steady requests/s.
normalize() { awk -v s="$1" '{ printf "%d %.3f\n", $1, $2 / s }'; }

# stop_wrk PID: PID is a background subshell running wrk (a shell function): interrupt wrk
# itself, which then prints its figures, and wait for both.
stop_wrk() {
  pkill -INT -P "$1" -x wrk 2>/dev/null || kill -INT "$1" 2>/dev/null || true
  wait "$1" || true
}
