#!/usr/bin/env bash
# Installs ONNX Runtime for Node (npm's onnxruntime-node, CPU build, no GPU download) into DIR, for the
# ONNX export tests (tests/onnx/ort_run.js). Node and npm come from Debian when they are missing.
#   scripts/install-onnxruntime.sh DIR
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$1"
VERSION=1.31.1
if [[ -f "$DIR/node_modules/onnxruntime-node/package.json" ]] &&
   grep -q "\"version\": \"$VERSION\"" "$DIR/node_modules/onnxruntime-node/package.json"; then
  echo "setup: onnxruntime-node $VERSION present"
  exit 0
fi
if ! command -v npm >/dev/null; then
  list="$(mktemp)"
  printf 'nodejs\nnpm\n' > "$list"
  bash "$ROOT/scripts/install-packages.sh" "$list"
  rm -f "$list"
fi
mkdir -p "$DIR"
echo "setup: installing onnxruntime-node $VERSION into $DIR"
ONNXRUNTIME_NODE_INSTALL=skip npm install --prefix "$DIR" --no-audit --no-fund --no-save "onnxruntime-node@$VERSION" >/dev/null
