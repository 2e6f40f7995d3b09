#!/bin/sh
# Stands in for `vitquant quantize` in tst_sweep: writes run.json into the --save-run folder (top-1 0.8<seed>),
# fails for method "percentile" at seed 1, and sleeps $SLEEP seconds first (for the cancel test).
out=""; method=""; seed=""
while [ $# -gt 0 ]; do
  case "$1" in
    --save-run) out="$2"; shift ;;
    --method) method="$2"; shift ;;
    --seed) seed="$2"; shift ;;
  esac
  shift
done
sleep "${SLEEP:-0}"
if [ "$method" = percentile ] && [ "$seed" = 1 ]; then echo "error: pretend failure" >&2; exit 1; fi
mkdir -p "$out.part"
echo "{\"top1\": 0.8$seed, \"fp_top1\": 0.9}" > "$out.part/run.json"
mv "$out.part" "$out"
