#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs the main job on the bundled example: validates
# examples/shop with locusc and generates its application (SQL + migrations, Prisma, Express API,
# OpenAPI, React + Next.js, theme, workflow bundle) into $B/shop-app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
B="${LOCUS_BUILD_DIR:-build}"
"$B/compiler/locusc" check examples/shop
echo "locusc check examples/shop: OK"
"$B/compiler/locusc" build examples/shop -o "$B/shop-app"
echo "Generated application in $B/shop-app:"
(cd "$B/shop-app" && find . -type f | sort | sed 's|^\./|  |')
"$B/compiler/locusc" build examples/shop -o "$B/shop-app" --check
