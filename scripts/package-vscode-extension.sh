#!/usr/bin/env bash
# Packages the VS Code extension (compiler/lsp/editors/vscode) as a .vsix, offline: the language
# client and its dependencies are copied from the pinned toolchain in scripts/node.
# Usage: scripts/package-vscode-extension.sh [OUTPUT.vsix]   (default: build/locus-language.vsix)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/build/locus-language.vsix}"
modules="$root/scripts/node/node_modules"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

cp -r "$root/compiler/lsp/editors/vscode/." "$stage/"
mkdir -p "$stage/node_modules"
for package in vscode-languageclient vscode-languageserver-protocol vscode-jsonrpc \
               vscode-languageserver-types semver; do
  cp -rL "$modules/$package" "$stage/node_modules/$package"
done
mkdir -p "$(dirname "$out")"
# vsce finds the dependencies with `npm list` (offline); its size warnings are expected.
if ! (cd "$stage" && "$modules/.bin/vsce" package --skip-license --allow-missing-repository \
        --out "$out" >"$stage/vsce.log" 2>&1); then
  cat "$stage/vsce.log" >&2
  exit 1
fi
echo "$out"
