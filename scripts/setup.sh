#!/usr/bin/env bash
# Installs the Debian packages in scripts/packages.txt that are missing (apt-get, through sudo
# when not root), then configures and builds the Release tree in build/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${VQ_BUILD_DIR:-$ROOT/build}"

install_packages() {
  local missing=()
  while read -r pkg; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done < "$ROOT/scripts/packages.txt"
  if ((${#missing[@]} == 0)); then
    echo "setup: all Debian packages present"
    return
  fi
  echo "setup: installing ${missing[*]}"
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

build() {
  if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release
  fi
  # Two cores: more parallel jobs only thrash memory with LibTorch's heavy headers.
  cmake --build "$BUILD_DIR" -j "$(nproc)"
}

install_packages
build
