#!/usr/bin/env bash
# bench/gpu-check.sh: proves the GPU path on a GPU host, as it is.
#   1. installs PyTorch's CUDA build (bench/install-gpu.sh) and builds the project (./mla, Maven)
#   2. trains one cell on the CPU and twice on CUDA and compares (mla bench parity): per-epoch
#      training losses within a relative 1e-3 of the CPU's, test accuracy within 0.01; reports
#      whether the two CUDA runs are bitwise equal
#   3. steps/s of the small and large model on CPU and on CUDA (mla bench trainer)
#   4. a 4-cell sweep on the real local stack (mla dev up, its worker on workflows/cpu only)
#      trained by a GPU worker (mla worker --queues gpu --max-trainings 1 --device cuda:N)
# Without a CUDA device it says so and exits 3 (nothing is pretended). --cpu-only runs the
# non-GPU parts (build, parity cpu/cpu, CPU steps/s, the sweep through a --device cpu worker)
# and then exits 3 as well, saying the CUDA half was not run.
#
#   --device cuda:N     the GPU to check (default cuda:0; CUDA_VISIBLE_DEVICES applies)
#   --cpu-only          see above
#   --out FILE          also write the whole output there (default gpu-check-<time>.log)
# Offline hosts: MLA_TORCH_WHEELHOUSE=DIR (torch wheels), MAVEN_ARGS=-o with a filled Maven
# repository, MLA_MLFLOW_VENV=<a venv with MLflow> for the sweep.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DEVICE=cuda:0
CPU_ONLY=0
OUTFILE="gpu-check-$(date +%Y%m%d-%H%M%S).log"
while (($#)); do
  case "$1" in
    --device) DEVICE="$2"; shift 2 ;;
    --cpu-only) CPU_ONLY=1; shift ;;
    --out) OUTFILE="$2"; shift 2 ;;
    *) echo "gpu-check: unknown argument '$1': expected --device cuda:N, --cpu-only or --out FILE" >&2; exit 2 ;;
  esac
done
[[ "$DEVICE" =~ ^cuda:[0-9]+$ ]] || { echo "gpu-check: --device '$DEVICE': expected cuda:N" >&2; exit 2; }
exec > >(tee -a "$OUTFILE") 2>&1
echo "gpu-check $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

gpu_present() {
  if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
    return 0
  fi
  return 1
}
if gpu_present; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | sed 's/^/gpu: /'
  RUN_DEVICE="$DEVICE"
elif ((CPU_ONLY)); then
  echo "gpu-check: no CUDA device on this machine (nvidia-smi finds none): running the CPU half only (--cpu-only)"
  RUN_DEVICE=cpu
else
  echo "gpu-check: no CUDA device on this machine (nvidia-smi finds none): nothing checked. Run on a GPU host, or --cpu-only for the CPU half."
  exit 3
fi

export MLA_HOME="${MLA_HOME:-$ROOT/.mla}"
THREADS="$(nproc)"; ((THREADS > 16)) && THREADS=16

echo; echo "== 1. install and build"
t=$(date +%s)
if [[ "$RUN_DEVICE" == cuda* ]]; then
  bash bench/install-gpu.sh
fi
./mla --version
echo "install and build: $(( $(date +%s) - t )) s"

echo; echo "== 2. one cell on cpu and on $RUN_DEVICE, compared"
./mla bench parity --device "$RUN_DEVICE" --epochs 3 --threads 1 --loss-tolerance 1e-3 --accuracy-tolerance 0.01

echo; echo "== 3. steps/s, small and large model"
if [[ "$RUN_DEVICE" == cpu ]]; then
  BENCH_CPU=(--threads 1 --steps 50 --repeats 3 --warmup 20)  # a smoke run of this step, not a measurement
else
  BENCH_CPU=(--threads "1,$THREADS" --repeats 5)
fi
./mla bench trainer --device cpu "${BENCH_CPU[@]}" | tee /tmp/gpu-check-cpu.$$
if [[ "$RUN_DEVICE" == cuda* ]]; then
  ./mla bench trainer --device "$RUN_DEVICE" --threads 1 --repeats 5 | tee /tmp/gpu-check-gpu.$$
  echo "summary (steps/s; HGM on):"
  printf '%-6s %14s %14s %14s %9s\n' model "cpu 1 thread" "cpu $THREADS threads" "$RUN_DEVICE" speedup
  for m in small large; do
    c1=$(awk -v m=$m '$1==m && $2==1 && $3=="on" {print $4}' /tmp/gpu-check-cpu.$$)
    cn=$(awk -v m=$m -v t="$THREADS" '$1==m && $2==t && $3=="on" {print $4}' /tmp/gpu-check-cpu.$$)
    g=$(awk -v m=$m '$1==m && $2==1 && $3=="on" {print $4}' /tmp/gpu-check-gpu.$$)
    best=$(awk -v a="$c1" -v b="${cn:-0}" 'BEGIN {print (a > b ? a : b)}')
    printf '%-6s %14s %14s %14s %8.2fx\n' "$m" "$c1" "${cn:--}" "$g" "$(awk -v g="$g" -v c="$best" 'BEGIN {print g / c}')"
  done
fi
rm -f /tmp/gpu-check-cpu.$$ /tmp/gpu-check-gpu.$$

echo; echo "== 4. a 4-cell sweep on the local stack through a $RUN_DEVICE worker"
export MLA_TEMPORAL_PORT="${MLA_TEMPORAL_PORT:-17233}" MLA_S3_PORT="${MLA_S3_PORT:-19000}" \
  MLA_MLFLOW_PORT="${MLA_MLFLOW_PORT:-15000}" MLA_METRICS_PORT="${MLA_METRICS_PORT:-19464}"
export MLA_TEMPORAL_UI_PORT="${MLA_TEMPORAL_UI_PORT:-$((MLA_TEMPORAL_PORT + 1))}" \
  MLA_TEMPORAL_HTTP_PORT="${MLA_TEMPORAL_HTTP_PORT:-$((MLA_TEMPORAL_PORT + 2))}" \
  MLA_TEMPORAL_METRICS_PORT="${MLA_TEMPORAL_METRICS_PORT:-$((MLA_TEMPORAL_PORT + 3))}"
METRICS=$((MLA_METRICS_PORT + 1))
spec="$(mktemp --suffix=.yaml)"
cat > "$spec" <<YAML
name: gpu-check-$(date +%s)
datasets: [{name: synthetic, kind: synthetic}]
methods: [mla]
hgm: [off, paper]
seeds: 2
max_parallel: 2
trainer: {epochs: 5}
heartbeat_seconds: 60
YAML
worker_pid=""
cleanup() {
  set +e  # the way out keeps the script's exit status
  if [[ -n "$worker_pid" ]]; then
    kill "$worker_pid" 2>/dev/null
    wait "$worker_pid" 2>/dev/null
  fi
  ./mla dev down >/dev/null 2>&1
  rm -f "$spec"
}
trap cleanup EXIT
MLA_DEV_WORKER_QUEUES=workflows,cpu ./mla dev up
./mla worker --queues gpu --max-trainings 1 --device "$RUN_DEVICE" --identity "gpu-check-$RUN_DEVICE" \
  --metrics-port "$METRICS" > "$MLA_HOME/logs/gpu-check-worker.log" 2>&1 &
worker_pid=$!
for _ in $(seq 1 120); do
  grep -q serving "$MLA_HOME/logs/gpu-check-worker.log" 2>/dev/null && break
  kill -0 "$worker_pid" 2>/dev/null || { cat "$MLA_HOME/logs/gpu-check-worker.log"; echo "gpu-check: the $RUN_DEVICE worker died"; exit 1; }
  sleep 1
done
head -1 "$MLA_HOME/logs/gpu-check-worker.log"
t=$(date +%s)
./mla sweep --spec "$spec" --wait
echo "sweep: $(( $(date +%s) - t )) s"
scrape="$(curl -sf "http://127.0.0.1:$METRICS/metrics")"
trained=$(awk '/^mla_trainings_total/ {print int($2)}' <<<"$scrape")
echo "$RUN_DEVICE worker: $trained trainings; $(grep '^mla_device_in_use' <<<"$scrape" | tr '\n' ' ')"
((trained == 4)) || { echo "gpu-check: expected the $RUN_DEVICE worker to train the 4 cells, it trained ${trained:-0}"; exit 1; }

if [[ "$RUN_DEVICE" == cpu ]]; then
  echo; echo "gpu-check: no CUDA device on this machine: the CPU half passed, the CUDA half was NOT run"
  exit 3
fi
echo; echo "gpu-check: PASS on $RUN_DEVICE (output in $OUTFILE)"
