#!/usr/bin/env bash
# Installs the Debian packages in scripts/packages.txt that are missing (scripts/install-packages.sh),
# then configures and builds the Release tree in build/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${VQ_BUILD_DIR:-$ROOT/build}"

build() {
  if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
  fi
  # Two cores: more parallel jobs only thrash memory with LibTorch's heavy headers.
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}

bash "$ROOT/scripts/install-packages.sh" "$ROOT/scripts/packages.txt"
build
# ONNX Runtime, the independent engine the ONNX export tests check exported models with.
bash "$ROOT/scripts/install-onnxruntime.sh" "$BUILD_DIR/onnxruntime"
