#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs the whole test suite: unit, end-to-end,
# conformance on the peer corpus, and a short fuzz run. Exit status is ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir "${LOCUS_BUILD_DIR:-build}" -j2 --output-on-failure --timeout 600
