#!/usr/bin/env bash
# Alert drill on the local stack: the device queue is served by one separate worker, which is
# killed (SIGKILL) until MlaWorkerDown and MlaNoWorkerPolling fire in the local Prometheus, then
# started again until both resolve; prints each change with the seconds since the kill / restart.
# About 8 minutes (the rules keep their own `for` durations; scrape, evaluation and the schedule
# poll run every 5 s here). Starts `./mla dev up --prometheus` itself and stops it at the end, so no
# local stack may run in this MLA_HOME already. Ports: the usual MLA_*_PORT variables, and
# MLA_DRILL_WORKER_PORT (9465) for the worker's metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
HOME_DIR="${MLA_HOME:-.mla}"
WPORT="${MLA_DRILL_WORKER_PORT:-9465}"
P="http://127.0.0.1:${MLA_PROMETHEUS_PORT:-9090}"
export MLA_DEV_WORKER_QUEUES=workflows,cpu MLA_PROMETHEUS_INTERVAL=5 MLA_STATE_POLL_SECONDS=5
command -v curl >/dev/null || { echo "alert-drill: needs curl (apt-get install -y curl)" >&2; exit 2; }
if ./mla dev status 2>/dev/null | grep -q '^Local stack'; then
  echo "alert-drill: a local stack already runs in $HOME_DIR: stop it with ./mla dev down first" >&2
  exit 2
fi
q() {
  curl -s --get "$P/api/v1/query" --data-urlencode "query=$1" | python3 -c \
    'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(",".join(x["value"][1] for x in r) or "none")'
}
alerts() {
  curl -s "$P/api/v1/alerts" | python3 -c \
    'import json,sys; a=json.load(sys.stdin)["data"]["alerts"]; print(" ".join(x["labels"]["alertname"]+"{"+x["labels"].get("task_queue",x["labels"].get("instance",""))+"}="+x["state"] for x in a) or "-")'
}
ts() { date -u +%H:%M:%S; }
state() {
  echo "pollers(mla-gpu)=$(q 'mla_task_queue_pollers{task_queue="mla-gpu"}') up=$(q "up{instance=\"127.0.0.1:$WPORT\"}") alerts: $(alerts)"
}
W=""
cleanup() {
  [[ -n "$W" ]] && kill "$W" 2>/dev/null && wait "$W" 2>/dev/null
  rm -f "$HOME_DIR/prometheus/targets/drill-worker.yml"
  ./mla dev down | tail -1
}
trap cleanup EXIT
./mla dev up --prometheus | tail -4
worker() {
  ./mla worker --queues gpu --metrics-port "$WPORT" --identity drill-worker >> "$HOME_DIR/logs/drill-worker.log" 2>&1 &
  W=$!
}
echo "- targets: ['127.0.0.1:$WPORT']" > "$HOME_DIR/prometheus/targets/drill-worker.yml"
worker
for _ in $(seq 1 90); do [[ "$(q 'mla_task_queue_pollers{task_queue="mla-gpu"}')" == "1" ]] && break; sleep 2; done
echo "$(ts) the worker (pid $W) polls mla-gpu; idle for 3 minutes"
sleep 180
echo "$(ts) fewest pollers of mla-gpu over those 3 minutes: $(q 'min_over_time(mla_task_queue_pollers{task_queue="mla-gpu"}[175s])'); alerts: $(alerts)"
kill -9 "$W"; wait "$W" 2>/dev/null || true; W=""
K=$(date +%s); echo "$(ts) killed the worker (SIGKILL)"
last=""
while (( $(date +%s) - K < 480 )); do
  s="$(state)"; [[ "$s" != "$last" ]] && echo "$(ts) +$(( $(date +%s) - K ))s $s"; last="$s"
  [[ "$s" == *"MlaNoWorkerPolling{mla-gpu}=firing"* ]] && break
  sleep 3
done
worker; R=$(date +%s); echo "$(ts) started the worker again (pid $W)"
while (( $(date +%s) - R < 240 )); do
  s="$(state)"; [[ "$s" != "$last" ]] && echo "$(ts) +$(( $(date +%s) - R ))s $s"; last="$s"
  [[ "$s" == *"alerts: -"* ]] && break
  sleep 3
done
