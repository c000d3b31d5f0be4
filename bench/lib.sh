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
