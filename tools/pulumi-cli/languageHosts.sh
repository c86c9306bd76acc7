#!/usr/bin/env bash
# Builds the language hosts the plugin's tests need into DIR (the CLI's cache folder), each only when missing:
#   pulumi-language-yaml          github.com/pulumi/pulumi-yaml v1.25.0, cmd/pulumi-language-yaml
#   pulumi-language-python        github.com/pulumi/pulumi/sdk/v3 v3.68.0, python/cmd/pulumi-language-python
#   pulumi-language-python-exec   the script of the same module folder, which that host runs
#   pulumi-language-go            github.com/pulumi/pulumi/sdk/v3 v3.62.0, go/pulumi-language-go
#   python-venv/                  a virtualenv with pulumi==CLI_VERSION and what the generated Python SDK needs
# and warms the Go module and build caches for a program of the generated Go SDK (tests then run it offline).
# Why these versions: the module proxy reachable here refuses today's language-host modules; these are the newest
# served releases that hold each host. They speak the stable LanguageRuntime protocol to the CLI. See
# shared/docs/pulumi-plugin.md. Progress goes to standard error.
#
# Usage: languageHosts.sh DIR CLI_VERSION   (CLI_VERSION: the pulumi Python package installed in the virtualenv)
set -euo pipefail
DIR="$1"
CLI_VERSION="$2"
say() { echo "pulumi:cli: $*" >&2; }
fail() {
  echo "pulumi:cli: $*" >&2
  exit 1
}
export GOFLAGS="${GOFLAGS:--buildvcs=false}"

PY_SDK=3.68.0
GO_SDK=3.62.0
YAML=1.25.0

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-hosts-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# A throwaway main module requiring MODULE@VERSION (plus REPLACES lines), then go build PACKAGE -o OUT.
build_host() {
  local name="$1" require="$2" package="$3" replaces="$4"
  mkdir -p "$WORK/$name"
  {
    printf 'module %s-build\n\ngo 1.25\n\nrequire %s\n\n' "$name" "$require"
    printf '%s\n' "$replaces"
  } >"$WORK/$name/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$package" >"$WORK/$name/tools.go"
  (
    cd "$WORK/$name"
    go mod tidy >&2
    go build -o "$WORK/$name/out" "$package" >&2
  ) || return 1
  mv "$WORK/$name/out" "$DIR/$name"
}

if [ ! -x "$DIR/pulumi-language-python" ] || [ ! -x "$DIR/pulumi-language-python-exec" ]; then
  say "building pulumi-language-python from github.com/pulumi/pulumi/sdk/v3 v$PY_SDK"
  build_host pulumi-language-python "github.com/pulumi/pulumi/sdk/v3 v$PY_SDK" \
    github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python "" ||
    fail "building pulumi-language-python failed (see above)"
  SDK_DIR="$(cd "$WORK/pulumi-language-python" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
  install -m 0755 "$SDK_DIR/python/cmd/pulumi-language-python-exec" "$DIR/pulumi-language-python-exec"
fi

if [ ! -x "$DIR/pulumi-language-go" ]; then
  say "building pulumi-language-go from github.com/pulumi/pulumi/sdk/v3 v$GO_SDK"
  build_host pulumi-language-go "github.com/pulumi/pulumi/sdk/v3 v$GO_SDK" \
    github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go "" ||
    fail "building pulumi-language-go failed (see above)"
fi

if [ ! -x "$DIR/pulumi-language-yaml" ]; then
  say "building pulumi-language-yaml from github.com/pulumi/pulumi-yaml v$YAML"
  # pulumi-yaml needs pkg/v3 (at the version its go.mod asks for; a newer one changed APIs it calls), whose go.mod
  # replaces the clipboard module with a fork: repeat that replace.
  gomod_of() { go mod download -json "$1" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).GoMod));'; }
  YAML_GOMOD="$(gomod_of "github.com/pulumi/pulumi-yaml@v$YAML")"
  PKG_VERSION="$(grep -oE 'github.com/pulumi/pulumi/pkg/v3 v[0-9][^ ]*' "$YAML_GOMOD" | head -1 | awk '{print $2}' || true)"
  [ -n "$PKG_VERSION" ] || fail "pulumi-yaml v$YAML names no github.com/pulumi/pulumi/pkg/v3 version in its go.mod"
  REPLACES="$(grep -E '^replace ' "$(gomod_of "github.com/pulumi/pulumi/pkg/v3@$PKG_VERSION")" | grep -v '=> \.' || true)"
  build_host pulumi-language-yaml "github.com/pulumi/pulumi-yaml v$YAML" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml "$REPLACES" ||
    fail "building pulumi-language-yaml failed (see above)"
fi

VENV="$DIR/python-venv"
if ! "$VENV/bin/python3" -c "import pulumi, parver, semver, wheel" >/dev/null 2>&1; then
  say "making the Python virtualenv (pulumi==$CLI_VERSION from PyPI)"
  rm -rf "$VENV"
  python3 -m venv "$VENV" || fail "python3 -m venv failed: install Python 3.9 or later with venv"
  "$VENV/bin/python3" -m pip install -q "pulumi==$CLI_VERSION" parver semver wheel >&2 || fail "pip could not install pulumi==$CLI_VERSION"
fi

WARM="$DIR/.go-program-warm"
if [ ! -f "$WARM" ]; then
  say "warming the Go caches for programs of the generated Go SDK (pulumi sdk v$CLI_VERSION)"
  mkdir -p "$WORK/program"
  printf 'module warm\n\ngo 1.21\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "$CLI_VERSION" >"$WORK/program/go.mod"
  cat >"$WORK/program/main.go" <<'GO'
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		ctx.Export("key", pulumi.String(config.Get(ctx, "publicKey")))
		return nil
	})
}
GO
  (cd "$WORK/program" && go mod tidy >&2 && go build -o /dev/null . >&2) || fail "warming the Go caches failed (see above)"
  touch "$WARM"
fi

