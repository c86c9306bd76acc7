#!/usr/bin/env bash
# Builds (or reuses from its cache) the real Pulumi CLI from its Go modules, with what it needs to run Node.js
# programs and dynamic providers, and prints the folder holding them as its last line on standard output:
#   pulumi                          the CLI, module github.com/pulumi/pulumi/pkg/v3 at the lock file's @pulumi/pulumi
#   pulumi-language-nodejs          the Node.js language host (see LANGUAGE HOST below)
#   pulumi-resource-pulumi-nodejs   the dynamic-provider launcher: runs the program's @pulumi/pulumi dynamic host
# Progress goes to standard error. Without Go, or when the module proxy refuses, it exits non-zero with one line.
#
# Usage: npm run --silent pulumi:cli            (folder on stdout)
#        PULUMI_CLI_VERSION=3.274.1 npm run --silent pulumi:cli
#
# Why a module of our own: pkg/v3's go.mod has replace directives (sdk => ../sdk, clipboard => a fork), so
# `go install pkg@version` refuses it. A main module that requires pkg/v3 and sdk/v3 at one version and repeats the
# non-local replaces can build the CLI's main package.
#
# LANGUAGE HOST: today's host is its own module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3),
# which the module proxy reachable here refuses (403 for every version). Until v3.68.0 the same host was a package of
# sdk/v3 itself, which the proxy serves; the CLI talks to it through the stable LanguageRuntime protocol and it runs
# the program with the program's own @pulumi/pulumi (cmd/run), so programs, ts-node and dynamic providers behave as
# with today's host. The script tries the current module first and says which host it built.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
say() { echo "pulumi:cli: $*" >&2; }
fail() {
  echo "pulumi:cli: $*" >&2
  exit 1
}

LOCK_VERSION="$(node -p "require('$ROOT/package-lock.json').packages['node_modules/@pulumi/pulumi'].version")"
WANTED="${PULUMI_CLI_VERSION:-$LOCK_VERSION}"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-keypair/pulumi-cli"
TOOLS=(pulumi pulumi-language-nodejs pulumi-resource-pulumi-nodejs)

complete() { for tool in "${TOOLS[@]}"; do [ -x "$1/$tool" ] || return 1; done; "$1/pulumi" version >/dev/null 2>&1; }

# One build at a time per cache folder: a second `npm run pulumi:cli` waits here, then reuses what the first built.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.build-lock"
if ! flock -n 9; then
  say "another build is running in $CACHE_ROOT; waiting for it"
  flock 9
fi

# The language hosts, the Python virtualenv and the Go caches the plugin's tests need, beside the CLI (each only
# when missing); then the folder, as the last line.
finish() {
  bash "$ROOT/tools/pulumi-cli/languageHosts.sh" "$1" "$2" >&2 || fail "the language hosts could not be built (see above)"
  echo "$1"
  exit 0
}

# A build made before for the wanted version (or the one chosen in its place) is reused without asking the network.
for dir in "$CACHE_ROOT/$WANTED" "$CACHE_ROOT/$WANTED".*; do
  if [ -d "$dir" ] && complete "$dir"; then
    finish "$dir" "$("$dir/pulumi" version | sed 's/^v//')"
  fi
done

command -v go >/dev/null 2>&1 || fail "Go is not installed: install Go 1.25 or later to build the Pulumi CLI (or put a pulumi CLI on the PATH)"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"

# The version: the wanted one if the proxy serves it, else the nearest it serves.
SERVED="$(go list -m -versions github.com/pulumi/pulumi/pkg/v3 2>/dev/null)" ||
  fail "the Go module proxy did not list github.com/pulumi/pulumi/pkg/v3 (GOPROXY=$(go env GOPROXY))"
VERSION="$(node -e '
  const wanted = process.argv[1].split(".").map(Number);
  const served = process.argv[2].split(" ").slice(1).filter((v) => /^v3\.\d+\.\d+$/.test(v)).map((v) => v.slice(1));
  const distance = (v) => Math.abs(v.split(".").map(Number).reduce((a, n, i) => a + n * 1e6 ** (2 - i), 0) - wanted.reduce((a, n, i) => a + n * 1e6 ** (2 - i), 0));
  served.sort((a, b) => distance(a) - distance(b));
  console.log(served[0] ?? "");
' "$WANTED" "$SERVED")"
[ -n "$VERSION" ] || fail "the Go module proxy serves no v3 release of github.com/pulumi/pulumi/pkg/v3"
if [ "$VERSION" != "$WANTED" ]; then
  say "the proxy does not serve v$WANTED; building v$VERSION, the nearest it serves"
  OUT="$CACHE_ROOT/$WANTED.as-$VERSION"
else
  OUT="$CACHE_ROOT/$VERSION"
fi
if complete "$OUT"; then
  finish "$OUT" "$VERSION"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-cli-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/bin" "$WORK/cli" "$WORK/host"

# --- the CLI -------------------------------------------------------------------------------------------------
say "building pulumi v$VERSION from github.com/pulumi/pulumi/pkg/v3 (the first build takes several minutes)"
PKG_GOMOD="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$VERSION" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { const m = JSON.parse(s); if (m.Error) { console.error(m.Error); process.exit(1); } console.log(m.GoMod); });
')" || fail "the Go module proxy refused github.com/pulumi/pulumi/pkg/v3@v$VERSION"
GO_LINE="$(grep -m1 -E '^go [0-9.]+' "$PKG_GOMOD")"
{
  echo "module pulumi-cli-build"
  echo
  echo "$GO_LINE"
  echo
  echo "require ("
  echo "	github.com/pulumi/pulumi/pkg/v3 v$VERSION"
  echo "	github.com/pulumi/pulumi/sdk/v3 v$VERSION"
  echo ")"
  echo
  # The module replaces of that release, less the local ones (which point into Pulumi's own repository).
  grep -E '^replace ' "$PKG_GOMOD" | grep -v '=> \.' || true
} >"$WORK/cli/go.mod"
printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n' >"$WORK/cli/tools.go"
(
  cd "$WORK/cli"
  say "resolving the CLI's modules"
  go mod tidy >&2
  say "compiling the CLI"
  go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION" \
    -o "$WORK/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
) || fail "building pulumi v$VERSION failed (see above)"

# --- the Node.js language host -------------------------------------------------------------------------------
LEGACY_HOST_VERSION=3.68.0 # the last sdk/v3 release that held nodejs/cmd/pulumi-language-nodejs
HOST_MODULE=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
if go mod download -json "$HOST_MODULE@v$VERSION" >/dev/null 2>&1; then
  say "building pulumi-language-nodejs from $HOST_MODULE@v$VERSION"
  HOST_REQUIRE="$HOST_MODULE v$VERSION"
  HOST_PACKAGE="$HOST_MODULE"
else
  say "the proxy refuses $HOST_MODULE; building the Node.js language host of sdk/v3 v$LEGACY_HOST_VERSION (see the script's header)"
  HOST_REQUIRE="github.com/pulumi/pulumi/sdk/v3 v$LEGACY_HOST_VERSION"
  HOST_PACKAGE="github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
fi
printf 'module pulumi-language-host-build\n\ngo 1.25\n\nrequire %s\n' "$HOST_REQUIRE" >"$WORK/host/go.mod"
printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$HOST_PACKAGE" >"$WORK/host/tools.go"
(
  cd "$WORK/host"
  go mod tidy >&2
  go build -o "$WORK/bin/pulumi-language-nodejs" "$HOST_PACKAGE" >&2
) || fail "building the Node.js language host failed (see above)"

# --- the dynamic-provider launcher ---------------------------------------------------------------------------
# What Pulumi ships as a few lines of shell: the engine starts it in the program's folder, and it runs that
# program's own @pulumi/pulumi dynamic-provider host with the engine's arguments.
cat >"$WORK/bin/pulumi-resource-pulumi-nodejs" <<'LAUNCHER'
#!/bin/sh
exec node "$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"
LAUNCHER
chmod +x "$WORK/bin/pulumi-resource-pulumi-nodejs"

complete "$WORK/bin" || fail "the built pulumi does not run"
mkdir -p "$CACHE_ROOT"
rm -rf "$OUT"
mv "$WORK/bin" "$OUT"
say "built $("$OUT/pulumi" version) into $OUT"
finish "$OUT" "$VERSION"
