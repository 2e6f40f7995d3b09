#!/usr/bin/env bash
# Installs what is missing, builds, and starts the studio on the built-in DeiT.
#   ./run.sh              the GUI (vitquant-studio)
#   ./run.sh --headless   a command-line demo instead (info + eval), exits 0 on success
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
BIN=build/app
if [[ "${1:-}" == "--headless" ]]; then
  shift
  bash scripts/demo.sh "$BIN/vitquant" "$@"
else
  exec "$BIN/vitquant-studio" "$@"
fi
