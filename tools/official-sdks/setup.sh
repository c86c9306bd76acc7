#!/usr/bin/env bash
# Prepares the clients built on Alibaba Cloud's official SDKs that the emulator is tested with, once per machine and
# per version of their sources (a folder named by their hash under the cache):
#   go-client     tests/official-sdks/go, built with github.com/alibabacloud-go/ecs-20140526/v7 (Go module proxy)
#   python-venv/  a virtualenv with tests/official-sdks/python/requirements.txt (PyPI)
# Prints that folder on its last line. Safe to run concurrently (a lock) and again (nothing is redone).
# Usage: bash tools/official-sdks/setup.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SOURCES="$ROOT/tests/official-sdks"
say() { echo "official-sdks: $*" >&2; }

HASH="$(cat "$SOURCES/go/go.mod" "$SOURCES/go/go.sum" "$SOURCES/go/main.go" "$SOURCES/python/requirements.txt" | sha256sum | cut -c1-16)"
DIR="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-keypair/official-sdks/$HASH"
mkdir -p "$DIR"
exec 9>"$DIR/.lock"
flock 9

if [ ! -x "$DIR/go-client" ]; then
  say "building the Go client (ecs-20140526 v7 on darabonba-openapi v2)"
  (cd "$SOURCES/go" && GOFLAGS=-mod=readonly go build -o "$DIR/go-client.tmp" . >&2)
  mv "$DIR/go-client.tmp" "$DIR/go-client"
fi

if [ ! -x "$DIR/python-venv/bin/python" ] || [ ! -f "$DIR/python-venv/.installed" ]; then
  say "making the Python virtualenv (alibabacloud_ecs20140526, _ens20171110, _sts20150401)"
  rm -rf "$DIR/python-venv"
  python3 -m venv "$DIR/python-venv"
  "$DIR/python-venv/bin/pip" install --quiet --disable-pip-version-check -r "$SOURCES/python/requirements.txt" >&2
  touch "$DIR/python-venv/.installed"
fi
echo "$DIR"
