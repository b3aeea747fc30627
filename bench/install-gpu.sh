#!/usr/bin/env bash
# Installs PyTorch's CUDA build for `mla ... --device cuda:N`: PyPI's torch wheel at the version
# of the project's PyTorch native library (pom.xml's pytorch.native.version), which carries
# libtorch built for CUDA 12.6 and pulls the nvidia-* libraries (cuBLAS, cuDNN, ...), into a venv
# under $MLA_HOME. The ./mla launcher points DJL at it when a CUDA device is asked for.
# Idempotent: a second run only checks. Never run by CI or tests (several GB).
#
#   MLA_HOME               where the venv goes (default .mla in the working directory)
#   MLA_TORCH_VENV         the venv itself (default $MLA_HOME/torch-cuda)
#   MLA_TORCH_WHEELHOUSE   install from the wheels in this folder, no network (pip --no-index)
#   PYTHON                 the Python to build the venv with (default python3; 3.9 to 3.13)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TORCH_VERSION="$(sed -n 's:.*<pytorch.native.version>\(.*\)</pytorch.native.version>.*:\1:p' "$ROOT/pom.xml")"
[[ -n "$TORCH_VERSION" ]] || { echo "install-gpu: no pytorch.native.version in $ROOT/pom.xml" >&2; exit 1; }
MLA_HOME="${MLA_HOME:-.mla}"
VENV="${MLA_TORCH_VENV:-$MLA_HOME/torch-cuda}"
MARKER="$VENV/.mla-torch-$TORCH_VERSION"
PY="${PYTHON:-python3}"
if [[ -f "$MARKER" ]]; then
  echo "install-gpu: torch $TORCH_VERSION (CUDA build) already in $VENV"
  exit 0
fi
command -v "$PY" >/dev/null 2>&1 || { echo "install-gpu: $PY not found: install Python 3 (3.9 to 3.13) or set PYTHON" >&2; exit 2; }
"$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 \
  || { echo "install-gpu: $PY cannot make a venv: install python3-venv" >&2; exit 2; }
start=$(date +%s)
echo "install-gpu: installing torch==$TORCH_VERSION with its nvidia-* libraries into $VENV (several GB)"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
pip_args=(--quiet --disable-pip-version-check --no-cache-dir)
if [[ -n "${MLA_TORCH_WHEELHOUSE:-}" ]]; then
  pip_args+=(--no-index --find-links "$MLA_TORCH_WHEELHOUSE")
fi
"$VENV/bin/pip" install "${pip_args[@]}" "torch==$TORCH_VERSION"
# the wheel's own build tag, e.g. 2.7.1+cu126: PyPI's Linux default is a CUDA build
built="$("$VENV/bin/python" -W ignore -c 'import torch; print(torch.__version__, torch.version.cuda)')"
case "$built" in
  "$TORCH_VERSION"*" 12."*) ;;
  *) echo "install-gpu: got torch '$built', expected $TORCH_VERSION built for CUDA 12 (a CPU-only wheel?)" >&2; exit 1 ;;
esac
touch "$MARKER"
echo "install-gpu: torch $built in $VENV ($(du -sm "$VENV" | cut -f1) MB, $(( $(date +%s) - start )) s)"
