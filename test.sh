#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with CTest (widgets offscreen).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
cd build
ctest --output-on-failure --timeout 900 "$@"
