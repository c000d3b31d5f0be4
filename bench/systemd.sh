#!/usr/bin/env bash
# The unit files of docs/deploy-systemd.md, as written, under a real systemd, on a machine where
# systemd is not PID 1 (a build machine, a container): systemd boots as PID 1 of a new PID and
# mount namespace that sees only these two units, and the host is left as it was (the app's user,
# /opt/app and /run exist only inside the namespace). Then, with wrk sending a new connection per
# request to 127.0.0.1:
#
#   - systemctl start app: Type=notify, so it returns once every worker is ready;
#   - systemctl reload app (SIGHUP): a rolling reload; failed requests;
#   - systemctl restart app: the supervisor stops and starts again behind app.socket; refused or
#     failed requests, and the longest wait;
#   - the watchdog: the interval between two pings systemd saw (WatchdogSec=30 in the unit);
#   - systemctl stop app: its exit status.
#
#   sudo bash bench/systemd.sh                    # the sample's jar, port 18099
#   JAR=path/to/app.jar PORT=18100 sudo bash bench/systemd.sh
#
# Needs: root, util-linux's unshare and nsenter, systemd (the package; not running), wrk, curl,
# the sample's jar (mvn -B -q install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${JAR:-sample-app/target/sample-app-0.1.0-SNAPSHOT.jar}
PORT=${PORT:-18099}
[[ $(id -u) == 0 ]] || { echo "needs root: it boots systemd in namespaces of its own" >&2; exit 1; }
[[ -f $JAR ]] || { echo "no $JAR: mvn -B -q install -DskipTests" >&2; exit 1; }
for tool in unshare nsenter wrk curl /lib/systemd/systemd; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done

WORK=$(mktemp -d)
SYSTEMD_PID=
cleanup() {
  # Killing the namespace's PID 1 ends every process in it.
  [[ -n $SYSTEMD_PID ]] && kill -9 "$SYSTEMD_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The two units exactly as the docs have them; only the socket's address changes, to loopback.
python3 - "$WORK" "$PORT" <<'EOF'
import os, re, sys
work, port = sys.argv[1], sys.argv[2]
units = re.findall(r'```ini\n(.*?)```', open('docs/deploy-systemd.md').read(), re.S)
os.makedirs(work + '/etc/sockets.target.wants')
os.makedirs(work + '/etc/multi-user.target.wants')
open(work + '/etc/app.socket', 'w').write(units[0].replace('ListenStream=8080', 'ListenStream=127.0.0.1:' + port))
open(work + '/etc/app.service', 'w').write(units[1])
os.symlink('/etc/systemd/system/app.socket', work + '/etc/sockets.target.wants/app.socket')
os.symlink('/etc/systemd/system/app.service', work + '/etc/multi-user.target.wants/app.service')
EOF
# Only the targets systemd needs to boot, and no generators: none of the host's services starts.
mkdir -p "$WORK/lib" "$WORK/generators" "$WORK/opt/app"
for unit in sysinit basic sockets multi-user network paths timers slices local-fs swap shutdown final \
  umount; do
  cp /lib/systemd/system/$unit.target "$WORK/lib/"
done
cp "$JAR" "$WORK/opt/app/app.jar"
chmod 755 "$WORK/opt/app" && chmod 644 "$WORK/opt/app/app.jar"
cp /etc/passwd /etc/group "$WORK/"
grep -q '^app:' "$WORK/passwd" || echo 'app:x:64999:64999:app:/opt/app:/usr/sbin/nologin' >>"$WORK/passwd"
grep -q '^app:' "$WORK/group" || echo 'app:x:64999:' >>"$WORK/group"

cat >"$WORK/boot.sh" <<EOF
#!/bin/bash
set -e
mount -t tmpfs tmpfs /run
mount --bind $WORK/etc /etc/systemd/system
mount --bind $WORK/lib /usr/lib/systemd/system
mount --bind $WORK/generators /usr/lib/systemd/system-generators
mount --bind $WORK/opt /opt
mount --bind $WORK/passwd /etc/passwd
mount --bind $WORK/group /etc/group
exec /lib/systemd/systemd --system --unit=multi-user.target --log-target=console
EOF
chmod +x "$WORK/boot.sh"
unshare --pid --fork --mount --mount-proc --uts --propagation private "$WORK/boot.sh" \
  >"$WORK/console.log" 2>&1 &
for _ in $(seq 50); do
  SYSTEMD_PID=$(pgrep -f "^/lib/systemd/systemd --system --unit=multi-user.target --log-target=console" || true)
  [[ -n $SYSTEMD_PID ]] && break
  sleep 0.2
done
[[ -n $SYSTEMD_PID ]] || { echo "systemd did not start: $(cat "$WORK/console.log")" >&2; exit 1; }
in_ns() { nsenter -t "$SYSTEMD_PID" -m -p "$@"; }
say() { echo "$*"; }
status() { in_ns systemctl show app -p ActiveState -p StatusText | paste -sd' '; }
# await_active SECONDS: until app.service is active again, or fail.
await_active() {
  for _ in $(seq "$(($1 * 2))"); do
    [[ $(in_ns systemctl show app -p ActiveState --value 2>/dev/null) == active ]] && return 0
    sleep 0.5
  done
  echo "app.service not active after $1 s: $(status)" >&2
  exit 1
}
# next_ping AFTER: the next watchdog ping systemd saw after the one at AFTER (monotonic us).
next_ping() {
  local ping
  for _ in $(seq 60); do
    ping=$(in_ns systemctl show app -p WatchdogTimestampMonotonic --value)
    [[ $ping != "$1" ]] && { echo "$ping"; return 0; }
    sleep 1
  done
  echo "no watchdog ping within 60 s" >&2
  exit 1
}

# Start: app.socket is up at boot, app.service with it (WantedBy=multi-user.target).
await_active 120
say "started: $(status)"
curl -sf "http://127.0.0.1:$PORT/hello" >/dev/null

# load SECONDS: wrk, a new connection per request, a timeout long enough to count a wait as a wait.
load() { wrk -t1 -c16 -d"$1s" --timeout 30s -H 'Connection: close' "http://127.0.0.1:$PORT/hello"; }
failed() { awk '/Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} /Non-2xx/ {n += $5} END {print n + 0}'; }

load 45 >"$WORK/wrk-reload" &
wrk_pid=$!
sleep 5
started=$(date +%s)
in_ns systemctl reload app
# RELOADING=1 makes the unit "reloading" until the supervisor says READY=1 again.
for _ in $(seq 40); do
  [[ $(in_ns systemctl show app -p ActiveState --value) == reloading ]] && break
  sleep 0.25
done
say "systemctl reload: $(status)"
await_active 120
say "  active again after $(($(date +%s) - started)) s; the cluster: $(curl -s -H 'Accept: text/plain' "http://127.0.0.1:$PORT/actuator/cluster" | sed -n 2p)"
wait "$wrk_pid"
say "  requests $(awk '/requests in/ {print $1}' "$WORK/wrk-reload"), failed $(failed <"$WORK/wrk-reload")"

load 40 >"$WORK/wrk-restart" &
wrk_pid=$!
sleep 5
started=$(date +%s.%N)
in_ns systemctl restart app
say "systemctl restart: returned after $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s, $(status)"
wait "$wrk_pid"
say "  requests $(awk '/requests in/ {print $1}' "$WORK/wrk-restart"), failed $(failed <"$WORK/wrk-restart"), longest $(awk '/Latency/ {print $4}' "$WORK/wrk-restart")"

second=$(next_ping "$(in_ns systemctl show app -p WatchdogTimestampMonotonic --value)")
third=$(next_ping "$second")
say "watchdog: $(in_ns systemctl show app -p WatchdogUSec --value) in the unit, a ping every $(awk -v a="$second" -v b="$third" 'BEGIN {printf "%.1f", (b - a) / 1e6}') s"

in_ns systemctl stop app 2>/dev/null
say "systemctl stop: $(in_ns systemctl show app -p ActiveState -p ExecMainStatus | paste -sd' ')"
