#!/usr/bin/env bash
# bench/peers/compare.sh [--rounds N] [--batch B] [--threads T] [--model MODEL] [--warmup W] [--repeats R]
#                        [--json FILE] [--per-channel] [--no-check] [--keep] [--workdir DIR]
#
# ViTQuant beside ONNX Runtime on the same ViT/DeiT: exports MODEL's weights to ONNX once (FP32 and dynamic
# int8, export_vit_onnx.py), checks the FP32 export against `vitquant forward` (check_export.py), then runs N
# interleaved rounds; each round runs, one after the other,
#   vitquant bench --model MODEL --batch B --threads T --json   (LibTorch FP32 and the integer-only engine)
#   node ort_bench.js MODEL-fp32.onnx                           (ONNX Runtime FP32)
#   node ort_bench.js MODEL-int8.onnx                           (ONNX Runtime dynamic int8)
# (the order rotates from round to round). Prints one markdown table: per engine the median ms per batch over
# the rounds and its speed relative to LibTorch FP32 and to ORT int8, each the median of the per-round ratios.
# The machines are noisy: only ratios measured within one interleaved run mean anything.
#
# MODEL: arch:<timm ViT/DeiT name> (default arch:deit_small_patch16_224), builtin:<name> or a model folder.
# The vitquant binary is $VITQUANT, default build/app/vitquant in the repository.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
PY="${PEERS_PYTHON:-/usr/bin/python3}"

rounds=3 batch=8 threads=2 model="arch:deit_small_patch16_224" warmup=3 repeats=10
json_out="" per_channel="" check=1 keep=0 workdir=""

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "error: $1" >&2; exit "${2:-1}"; }
need_int() { [[ "$2" =~ ^[0-9]+$ && "$2" -ge "${3:-1}" ]] || die "$1 expects an integer >= ${3:-1}, got '$2'" 2; }

while (($#)); do
  case "$1" in
    --rounds) need_int "$1" "${2-}"; rounds="$2"; shift 2 ;;
    --batch) need_int "$1" "${2-}"; batch="$2"; shift 2 ;;
    --threads) need_int "$1" "${2-}"; threads="$2"; shift 2 ;;
    --warmup) need_int "$1" "${2-}" 0; warmup="$2"; shift 2 ;;
    --repeats) need_int "$1" "${2-}"; repeats="$2"; shift 2 ;;
    --model) [[ -n "${2-}" ]] || die "--model needs a value" 2; model="$2"; shift 2 ;;
    --json) [[ -n "${2-}" ]] || die "--json needs a file" 2; json_out="$(realpath -m "$2")"; shift 2 ;;
    --workdir) [[ -n "${2-}" ]] || die "--workdir needs a folder" 2; workdir="$(realpath -m "$2")"; shift 2 ;;
    --per-channel) per_channel="--per-channel"; shift ;;
    --no-check) check=0; shift ;;
    --keep) keep=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" 2 ;;
  esac
done

if [[ -n "${VITQUANT-}" ]]; then
  vq="$(realpath -m "$VITQUANT")"
else
  vq="$root/build/app/vitquant"
fi
[[ -x "$vq" ]] || die "$vq: no vitquant binary (build it with scripts/setup.sh, or set VITQUANT)"

log() { echo "peers: $*" >&2; }

bash "$here/setup.sh"
load_before="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo null)"
if awk -v l="$load_before" -v n="$(nproc)" 'BEGIN { exit !(l > 0.5 * n) }' 2>/dev/null; then
  log "warning: load average $load_before on $(nproc) CPU(s): other jobs will skew the times"
fi

# Everything this run writes lives under build/peers (git-ignored), removed at the end unless --keep.
if [[ -z "$workdir" ]]; then
  mkdir -p "$root/build/peers"
  workdir="$(mktemp -d "$root/build/peers/run-XXXXXX")"
  [[ $keep -eq 1 ]] || trap 'rm -rf "$workdir"' EXIT
else
  mkdir -p "$workdir"
fi
folder="$workdir/model"
mkdir -p "$folder"

# 1. A float model folder (config.json + model.safetensors, timm names) holding MODEL's weights.
case "$model" in
  arch:*)
    # vitquant has no command that only writes a model's weights; `quantize --save` with a cheap method
    # writes the float weights unchanged (plus quant.json, left out of the copy below). They are vitquant's
    # random initialisation, unseeded in `quantize` (so not the ones `vitquant bench --seed S` builds);
    # speed does not depend on the values, and the export is checked against this very folder.
    log "writing $model's weights (vitquant quantize --method minmax --calib 1 --save)"
    "$vq" quantize --model "$model" --method minmax --wbits 8 --abits 8 --data fashion-mnist --calib 1 --eval-limit 1 \
      --threads "$threads" --save "$workdir/saved" --json >"$workdir/quantize.json" || die "vitquant quantize could not write $model's weights"
    src="$workdir/saved"
    ;;
  builtin:*) src="${VITQUANT_RESOURCES:-$root/resources}/models/${model#builtin:}" ;;
  *) src="$model" ;;
esac
for f in config.json model.safetensors; do
  [[ -f "$src/$f" ]] || die "$src/$f: missing (a model folder needs config.json and model.safetensors)"
  cp "$src/$f" "$folder/$f"
done

# 2. Export once, and check the FP32 export against vitquant's own forward pass.
log "exporting to ONNX"
"$PY" "$here/export_vit_onnx.py" "$folder" "$workdir/onnx/model" $per_channel >"$workdir/export.json"
check_json="null"
if [[ $check -eq 1 ]]; then
  log "checking the export against vitquant forward"
  if ! VITQUANT="$vq" "$PY" "$here/check_export.py" "$folder" "$workdir/onnx/model" --batch 4 --threads "$threads" >"$workdir/check.json"; then
    cat "$workdir/check.json" >&2 || true
    die "the ONNX export does not match vitquant forward"
  fi
  check_json="$(cat "$workdir/check.json")"
fi

# 3. Interleaved rounds; the order of the three runs rotates so no engine always goes first.
rounds_file="$workdir/rounds.jsonl"
: >"$rounds_file"
run_engine() {  # round engine → one JSON line in rounds_file
  local r="$1" e="$2" out
  case "$e" in
    vitquant) out="$("$vq" bench --model "$model" --batch "$batch" --threads "$threads" --warmup "$warmup" --repeats "$repeats" --json)" ;;
    ort_fp32 | ort_int8)
      out="$(node "$here/ort_bench.js" "$workdir/onnx/model-${e#ort_}.onnx" --batch "$batch" --threads "$threads" \
        --warmup "$warmup" --repeats "$repeats" --seed "$r")" ;;
  esac
  "$PY" -c 'import json,sys; print(json.dumps({"round": int(sys.argv[1]), "engine": sys.argv[2], "result": json.loads(sys.argv[3])}))' \
    "$r" "$e" "$out" >>"$rounds_file"
}
engines=(vitquant ort_fp32 ort_int8)
for ((r = 0; r < rounds; ++r)); do
  for ((i = 0; i < 3; ++i)); do
    e="${engines[$(((r + i) % 3))]}"
    log "round $((r + 1))/$rounds: $e"
    run_engine "$r" "$e"
  done
done

# 4. One table (and --json FILE).
meta="$("$PY" -c 'import json,sys; print(json.dumps({"model": sys.argv[1], "batch": int(sys.argv[2]), "threads": int(sys.argv[3]),
  "rounds": int(sys.argv[4]), "warmup": int(sys.argv[5]), "repeats": int(sys.argv[6]), "export": json.loads(sys.argv[7]),
  "check": json.loads(sys.argv[8]), "load_before": json.loads(sys.argv[9])}))' "$model" "$batch" "$threads" "$rounds" "$warmup" "$repeats" \
  "$(cat "$workdir/export.json")" "$check_json" "$load_before")"
"$PY" "$here/summarize.py" "$rounds_file" --meta "$meta" ${json_out:+--json "$json_out"}
[[ $keep -eq 0 ]] || log "kept $workdir"
