#!/usr/bin/env bash
# Idempotent set-up: installs every Debian package the build and the tests need, then
# configures and builds the project (Release with debug info, Ninja) into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build git pkg-config clang-format
  openjdk-17-jre-headless antlr4 libantlr4-runtime-dev uuid-dev
  llvm-14-dev libzstd-dev
  nlohmann-json3-dev libboost-graph-dev
  bubblewrap
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libtomlplusplus-dev libvalijson-dev libhowardhinnant-date-dev tzdata libkainjow-mustache-dev libcpp-httplib-dev
  libcurl4-openssl-dev libssl-dev libsodium-dev libarchive-dev libjemalloc-dev
  hyperfine python3 time
  python3-prometheus-client
  chromium minisign
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Node.js toolchain for the generated TypeScript (tsc, express, pg, react, next), pinned by
# scripts/node/package-lock.json. Installed once; tests then work offline.
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
if [ ! -f scripts/node/node_modules/.package-lock.json ] ||
   ! cmp -s scripts/node/package-lock.json scripts/node/node_modules/.locus-lock-stamp; then
  npm ci --prefix scripts/node --no-audit --no-fund --loglevel=error
  cp scripts/node/package-lock.json scripts/node/node_modules/.locus-lock-stamp
fi

BUILD_DIR="${LOCUS_BUILD_DIR:-build}"
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$BUILD_DIR" -j"$(nproc)"
