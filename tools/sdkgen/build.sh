#!/usr/bin/env bash
# Builds (or reuses from its cache) tools/sdkgen against github.com/pulumi/pulumi/pkg/v3 at VERSION, and prints the
# binary's path. The module is made in the cache folder, like the CLI's (pkg/v3's go.mod has replace directives).
# Usage: build.sh VERSION
set -euo pipefail
VERSION="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-keypair/sdkgen/$VERSION"
SUM="$(sha256sum "$HERE/main.go" | cut -c1-16)"
if [ -x "$CACHE/sdkgen-$SUM" ]; then
  echo "$CACHE/sdkgen-$SUM"
  exit 0
fi
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
mkdir -p "$CACHE/module"
PKG_GOMOD="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$VERSION" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).GoMod));')"
{
  echo "module sdkgen"
  echo
  grep -m1 -E '^go [0-9.]+' "$PKG_GOMOD"
  echo
  echo "require ("
  echo "	github.com/pulumi/pulumi/pkg/v3 v$VERSION"
  echo "	github.com/pulumi/pulumi/sdk/v3 v$VERSION"
  echo ")"
  grep -E '^replace ' "$PKG_GOMOD" | grep -v '=> \.' || true
} >"$CACHE/module/go.mod"
cp "$HERE/main.go" "$CACHE/module/main.go"
(
  cd "$CACHE/module"
  echo "sdkgen: resolving modules" >&2
  go mod tidy >&2
  echo "sdkgen: compiling" >&2
  go build -o "$CACHE/sdkgen-$SUM" . >&2
)
echo "$CACHE/sdkgen-$SUM"
