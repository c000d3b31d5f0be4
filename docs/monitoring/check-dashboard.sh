#!/usr/bin/env bash
# Checks every PromQL query of cluster-dashboard.json against a real Prometheus server that has
# scraped a running cluster of the sample app: each query must return data.
#
# Needs: the sample app built (mvn -B -q install -DskipTests), Debian's prometheus package
# (prometheus and promtool), curl and python3. Traffic goes to 127.0.0.1 only, bounded in count.
#
#   bash docs/monitoring/check-dashboard.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="$root/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
app_port=${APP_PORT:-18080}
prometheus_port=${PROMETHEUS_PORT:-19090}
work=$(mktemp -d)
app_pid=
prometheus_pid=

cleanup() {
  [ -n "$prometheus_pid" ] && kill "$prometheus_pid" 2>/dev/null || true
  # SIGTERM: the supervisor drains and stops its workers.
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

await() { # await SECONDS COMMAND...: until the command succeeds
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "timed out waiting for: $*" >&2; return 1; }
    sleep 0.5
  done
}

traffic() { # bounded: N requests to /hello
  for _ in $(seq 1 "$1"); do curl -s -o /dev/null "http://127.0.0.1:$app_port/hello" || true; done
}

status() {
  curl -s "http://127.0.0.1:$app_port/actuator/cluster"
}

echo "== starting the sample app, 2 workers, on port $app_port"
# A file the workers read at start, to deploy a broken configuration once.
deploy="$work/deploy.properties"
: >"$deploy"
java -jar "$jar" --server.port="$app_port" --cluster.instances=2 \
  --spring.config.import="optional:file:$deploy" >"$work/app.log" 2>&1 &
app_pid=$!
await 120 grep -q "All 2 workers are ready" "$work/app.log"

cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 2s
  scrape_timeout: 2s
scrape_configs:
  - job_name: cluster
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ['127.0.0.1:$app_port']
EOF
promtool check config "$work/prometheus.yml" >/dev/null
echo "== starting Prometheus on port $prometheus_port"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
await 60 curl -sf "http://127.0.0.1:$prometheus_port/-/ready"

reload() { # reload, and wait until it has finished
  curl -s -X POST -H 'Content-Type: application/json' -d '{}' \
    "http://127.0.0.1:$app_port/actuator/cluster/reload" >/dev/null
  await 180 bash -c "curl -s http://127.0.0.1:$app_port/actuator/cluster | python3 -c 'import json,sys; o=json.load(sys.stdin)[\"operation\"]; sys.exit(o[\"kind\"] != \"reload\" or o[\"outcome\"] == \"RUNNING\")'"
  status | python3 -c 'import json,sys; o=json.load(sys.stdin)["operation"]; print("   reload", o["outcome"] + ":", o["detail"])'
}

echo "== traffic, a killed worker, a broken deploy, a good one, more traffic"
traffic 1000
killed=$(status | python3 -c 'import json,sys; print(json.load(sys.stdin)["workers"][1]["pid"])')
kill -9 "$killed"
await 60 bash -c "curl -s http://127.0.0.1:$app_port/actuator/cluster | grep -q '\"online\":2'"
echo "spring.main.web-application-type=broken" >"$deploy"
reload
: >"$deploy"
reload
traffic 1000
sleep 5 # two more scrapes after the last request: the rates see it

echo "== the dashboard's queries against Prometheus"
python3 - "$here/cluster-dashboard.json" "$prometheus_port" <<'EOF'
import json, sys, urllib.parse, urllib.request

dashboard, port = json.load(open(sys.argv[1])), sys.argv[2]

def query(expr):
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    return json.load(urllib.request.urlopen(url))["data"]["result"]

failed = 0
workers = sorted({r["metric"].get("worker") for r in query("count by (worker) (jvm_memory_used_bytes)")})
print(f"stored workers (count by (worker) (jvm_memory_used_bytes)): {workers}")
if workers != ["0", "1"]:
    failed += 1
print(f"{'series':>6}  panel")
for panel in dashboard["panels"]:
    for target in panel["targets"]:
        result = query(target["expr"].replace("$__rate_interval", "1m"))
        print(f"{len(result):>6}  {panel['title']}")
        failed += (len(result) == 0)
sys.exit(1 if failed else 0)
EOF
echo "== every panel returned data"
