#!/usr/bin/env bash
# Installs what the peer comparison needs, only what is missing (idempotent):
#   Debian: python3, python3-numpy, python3-onnx (the exporter), nodejs, npm
#   npm:    onnxruntime-node (pinned in package.json) into bench/peers/node_modules
# then checks that ONNX Runtime's native binary loads and runs on the CPU.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Debian's interpreter, not a pyenv/venv python3 that cannot see python3-numpy / python3-onnx.
PY="${PEERS_PYTHON:-/usr/bin/python3}"

log() { echo "peers/setup: $*" >&2; }

missing=()
[[ -x /usr/bin/python3 ]] || missing+=(python3)
if [[ -x "$PY" ]]; then
  "$PY" -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
  "$PY" -c 'import onnx' 2>/dev/null || missing+=(python3-onnx)
else
  missing+=(python3-numpy python3-onnx)
fi
command -v node >/dev/null 2>&1 || missing+=(nodejs)
# A nodejs from another source may bring its own npm; Debian's npm is installed only when none is there.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

# onnxruntime-node: the CPU binary ships inside the npm package; its install script would fetch the CUDA
# providers from outside the registry, which the skip variables stop (1.20 reads ONNXRUNTIME_NODE_INSTALL_CUDA,
# later releases ONNXRUNTIME_NODE_INSTALL).
want="$(node -p "require('$here/package.json').dependencies['onnxruntime-node']")"
have="$(node -p "try { require('$here/node_modules/onnxruntime-node/package.json').version } catch (e) { '' }" 2>/dev/null || true)"
if [[ "$have" != "$want" ]]; then
  log "npm install (onnxruntime-node $want)"
  (cd "$here" && ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm install --no-audit --no-fund --loglevel=error)
fi

# The native binary loads and runs a one-node graph on the CPU.
(cd "$here" && node "$here/ort_check.js")
