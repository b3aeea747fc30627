#!/usr/bin/env bash
# Installs the MinIO server for the object-store integration tests: built from its Go module at
# a pinned version (resolved once with 'go list -m github.com/minio/minio@latest'), into a cache
# outside the checkout, so a second run (or another clone on the same machine) is instant.
# Override the place with MLA_MINIO_DIR; the tests find the binary at $MLA_MINIO_DIR/minio.
set -euo pipefail
MINIO_MODULE=github.com/minio/minio
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c  # the module's latest on 2026-02-12 (its go.mod needs Go >= 1.24)
DIR="${MLA_MINIO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mla-ops/minio}"
if [[ -x "$DIR/minio" && "$(cat "$DIR/VERSION" 2>/dev/null)" == "$MINIO_VERSION" ]]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >/dev/null
fi
echo "installing MinIO $MINIO_VERSION into $DIR (go install, a few minutes the first time)"
start=$(date +%s)
mkdir -p "$DIR"
tmp="$(mktemp -d "$DIR/.install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# CGO off: a static binary that does not depend on the build machine's C libraries
GOBIN="$tmp" CGO_ENABLED=0 go install "$MINIO_MODULE@$MINIO_VERSION"
mv -f "$tmp/minio" "$DIR/minio"
echo "$MINIO_VERSION" > "$DIR/VERSION"
echo "MinIO installed in $(( $(date +%s) - start )) s: $DIR/minio ($(du -m "$DIR/minio" | cut -f1) MB)"
