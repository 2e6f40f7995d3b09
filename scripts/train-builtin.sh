#!/usr/bin/env bash
# Trains one built-in model with its recorded recipe and installs it into resources/models/NAME
# (config.json + model.safetensors; the resume state stays in the work folder).
#   scripts/train-builtin.sh NAME [WORK_DIR]      NAME: deit-fashion | swin-fashion | mobilevit-fashion | mobilevitv2-fashion
# Re-running the same command continues an interrupted run (--resume). Same seed and thread count →
# the same weights on the same machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME="${1:?usage: train-builtin.sh NAME [WORK_DIR]}"
WORK="${2:-$ROOT/build/train/$NAME}"
VITQUANT="${VITQUANT:-$ROOT/build/app/vitquant}"

case "$NAME" in
  deit-fashion)
    ARGS=(--arch deit_tiny_patch16_224 --set patch_size=4 --set embed_dim=96 --set depth=4 --set num_heads=3
          --img-size 28 --epochs 30 --seed 0 --threads 1) ;;
  swin-fashion)
    ARGS=(--arch swin_tiny_patch4_window7_224 --set patch_size=4 --set embed_dim=64 --set 'depths=[2,4]'
          --set 'num_heads=[2,4]' --img-size 28 --epochs 30 --seed 0 --threads 1) ;;
  mobilevit-fashion)
    ARGS=(--arch mobilevit_xxs --img-size 32 --epochs 15 --seed 0 --threads 1) ;;
  mobilevitv2-fashion)
    ARGS=(--arch mobilevitv2_050 --img-size 32 --epochs 15 --seed 0 --threads 1) ;;
  *) echo "error: unknown built-in '$NAME'" >&2; exit 2 ;;
esac

RESUME=()
[[ -f "$WORK/train_state.pt" ]] && RESUME=(--resume)
"$VITQUANT" train "${ARGS[@]}" --data fashion-mnist --out "$WORK" "${RESUME[@]}"

DEST="$ROOT/resources/models/$NAME"
mkdir -p "$DEST"
cp "$WORK/config.json" "$WORK/model.safetensors" "$DEST/"
echo "installed $DEST"
