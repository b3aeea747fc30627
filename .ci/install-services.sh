#!/usr/bin/env bash
# Installs what the service integration tests need: the pinned MLflow server and Temporal CLI, each
# in its own venv under .mla/venvs (shared by every test home through MLA_VENVS), and Debian's
# chromium for the UI checks. The pins live in one place, pins.properties, read here and by the
# Java installer (PythonTool), which uses the same venv layout and marker. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PINS="$ROOT/infra/src/main/resources/io/mlaops/infra/services/pins.properties"
need=()
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
[[ -x /usr/bin/chromium ]] || need+=(chromium)
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
VENVS="${MLA_VENVS:-$ROOT/.mla/venvs}"
for key in mlflow temporal; do
  reqs="$(grep -E "^$key=" "$PINS" | cut -d= -f2- | xargs)"
  [[ -n "$reqs" ]] || { echo "no pin '$key' in $PINS" >&2; exit 1; }
  first="${reqs%% *}"
  venv="$VENVS/$key-${first#*==}"
  if [[ "$(cat "$venv/.mla-requirements" 2>/dev/null)" != "$reqs" ]]; then
    echo "installing $reqs into $venv"
    start=$(date +%s)
    python3 -m venv --clear "$venv"
    PIP_CACHE_DIR="$VENVS/../venvs-pip-cache" "$venv/bin/pip" install --quiet --disable-pip-version-check $reqs
    echo "$reqs" > "$venv/.mla-requirements"
    echo "installed $first in $(( $(date +%s) - start )) s"
  fi
done

# A Python with numpy for the interoperability tests of the .npz format (model/ and import tests).
TESTPY="$VENVS/test-python"
if [[ "$(cat "$TESTPY/.mla-requirements" 2>/dev/null)" != "numpy==2.3.5" ]]; then
  python3 -m venv --clear "$TESTPY"
  PIP_CACHE_DIR="$VENVS/../venvs-pip-cache" "$TESTPY/bin/pip" install --quiet --disable-pip-version-check numpy==2.3.5
  echo "numpy==2.3.5" > "$TESTPY/.mla-requirements"
fi
