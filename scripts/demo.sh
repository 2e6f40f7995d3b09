#!/usr/bin/env bash
# The headless demo behind `./run.sh --headless`: describe a model and evaluate it on Fashion-MNIST.
# Uses the built-in DeiT (or the first other built-in installed), otherwise the timm parity fixture
# (random weights: chance accuracy, but the whole pipeline runs).
set -euo pipefail
VITQUANT="$1"
shift || true
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODEL=""
for candidate in builtin:deit-fashion builtin:swin-fashion builtin:mobilevit-fashion builtin:mobilevitv2-fashion; do
  if "$VITQUANT" info --model "$candidate" > /dev/null 2>&1; then MODEL="$candidate"; break; fi
done
if [[ -z "$MODEL" ]]; then
  MODEL="$ROOT/tests/data/golden/deit_tiny_e96d3h3p8_img32"
  echo "demo: no built-in model is installed yet; using the DeiT parity fixture ($MODEL)"
fi
echo "== vitquant info --model $MODEL"
INFO="$("$VITQUANT" info --model "$MODEL")"
sed -n '1,12p' <<< "$INFO"  # the summary; `vitquant info` lists every module after it
echo "== vitquant eval --model $MODEL --data fashion-mnist --limit 1000"
"$VITQUANT" eval --model "$MODEL" --data fashion-mnist --limit 1000 "$@"
