#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs the main job on the bundled example: validates
# examples/shop with locusc and prints a summary of its AST.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
B="${LOCUS_BUILD_DIR:-build}"
"$B/compiler/locusc" check examples/shop
echo "locusc check examples/shop: OK"
"$B/compiler/locusc" ast examples/shop/workflows.locus | head -n 40
