#!/usr/bin/env bash
# Installs what the service integration tests need: MLflow (pinned, in a venv shared by the tests)
# and Debian's chromium for the MLflow UI check. Idempotent; fast when already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
need=()
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
[[ -x /usr/bin/chromium ]] || need+=(chromium)
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
VENV="$ROOT/.mla/mlflow-venv"
if [[ ! -x "$VENV/bin/mlflow" ]] || ! ls "$VENV"/.mla-mlflow-* >/dev/null 2>&1; then
  echo "installing MLflow into $VENV"
  # the same pins as EmbeddedMlflow.REQUIREMENTS (the server writes its marker on first start)
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "mlflow==2.17.2" "sqlalchemy>=2.0,<2.1" "boto3==1.44.8"
fi
