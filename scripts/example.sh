#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs the main job on the bundled example: validates
# examples/shop with locusc, then lowers it to the IR (the input of the generators).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
B="${LOCUS_BUILD_DIR:-build}"
"$B/compiler/locusc" check examples/shop
echo "locusc check examples/shop: OK"
"$B/compiler/locusc" ir examples/shop > "$B/shop.ir.json"
echo "IR of examples/shop written to $B/shop.ir.json; its first lines:"
head -n 30 "$B/shop.ir.json"
