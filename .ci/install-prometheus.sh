#!/usr/bin/env bash
# Installs Debian's prometheus package (the server and promtool) for the alert-rule tests
# (promtool check/test rules) and the integration test that runs a real Prometheus against the
# local stack. The package would start a system service listening on 0.0.0.0:9090 (and its
# recommended node exporter on 0.0.0.0:9100): neither is installed running. The tests start their
# own Prometheus on 127.0.0.1. Idempotent.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  exit 0
fi
# No service may start while the package installs: a policy-rc.d that refuses every start (exit
# 101), unless the machine already has one, removed afterwards.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\n# installed by mla-ops .ci/install-prometheus.sh while it runs\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  own_policy=1
fi
cleanup() { if ((own_policy)); then rm -f "$policy"; fi; }
trap cleanup EXIT
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# Should a service manager have started it anyway (a systemd without policy-rc.d support),
# stop it and keep it off at boot: only the tests' own loopback Prometheus runs.
if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
elif [[ -x /etc/init.d/prometheus ]]; then
  /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  command -v update-rc.d >/dev/null 2>&1 && update-rc.d prometheus disable >/dev/null 2>&1 || true
fi
echo "installed $(prometheus --version 2>&1 | head -1)"
