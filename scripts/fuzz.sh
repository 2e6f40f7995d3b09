#!/usr/bin/env bash
# Usage: scripts/fuzz.sh [SECONDS [TARGET...]]
# Builds the libFuzzer targets (tests/fuzz) with ASan + UBSan in build-fuzz/ and runs each named target (default:
# all) for SECONDS (default 60), as many at once as there are cores. Prints one line per target and exits 1 on any finding;
# each finding's reproducer is kept in build-fuzz/findings/<target>/ (replay: build-fuzz/tests/fuzz/<target> FILE).
# New inputs the fuzzer finds accumulate in build-fuzz/corpus/<target>/ and are reused by the next run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${VQ_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
SECONDS_PER_TARGET="${1:-60}"
JOBS="${VQ_FUZZ_JOBS:-$(nproc)}"
ALL_TARGETS=(fuzz_safetensors fuzz_idx fuzz_image fuzz_model_config fuzz_quant_json fuzz_integer_model fuzz_run_folder)
TARGETS=("${@:2}")
((${#TARGETS[@]} > 0)) || TARGETS=("${ALL_TARGETS[@]}")
for t in "${TARGETS[@]}"; do
  [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || { echo "error: unknown fuzz target '$t' (known: ${ALL_TARGETS[*]})" >&2; exit 2; }
done

bash "$ROOT/scripts/install-packages.sh" "$ROOT/scripts/packages.txt" "$ROOT/scripts/packages-sanitizers.txt"
if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DVQ_FUZZ=ON -DVQ_SANITIZE=address,undefined
fi
cmake --build "$BUILD" --target fuzz_targets -j "$(nproc)"

# Sanitizer reports abort with a stack; leaks are findings too (libFuzzer checks after each input).
# A smaller quarantine than the 256 MB default: freed model-sized buffers are reused sooner, which costs less
# page faulting per input (the model-level targets run ~25 % faster) and still catches use after free.
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:symbolize=1:quarantine_size_mb=16"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export QT_QPA_PLATFORM=offscreen
mkdir -p "$BUILD/findings" "$BUILD/corpus" "$BUILD/logs" "$BUILD/work"

# fuzz_integer_model mutates a real integer-only model: quantize the built-in DeiT with ivit once.
IVIT="$BUILD/work/ivit-model"
if [[ ! -f "$IVIT/integer.safetensors" ]]; then
  rm -rf "$IVIT"
  VQ_FUZZ_PREPARE="$IVIT" "$BUILD/tests/fuzz/fuzz_integer_model" > "$BUILD/logs/prepare-ivit.log" 2>&1 ||
    { echo "fuzz: could not prepare the ivit model (see $BUILD/logs/prepare-ivit.log)"; exit 1; }
fi
mkdir -p "$BUILD/work/ivit-seeds" && cp "$IVIT/integer.safetensors" "$BUILD/work/ivit-seeds/"
export VQ_FUZZ_IVIT_MODEL="$IVIT"

seeds_of() {
  if [[ "$1" == fuzz_integer_model ]]; then echo "$BUILD/work/ivit-seeds"; else echo "$ROOT/tests/fuzz/corpus/$1"; fi
}

run_target() {
  local t="$1"
  rm -rf "$BUILD/findings/$t" && mkdir -p "$BUILD/findings/$t" "$BUILD/corpus/$t"
  # The first folder receives new inputs; the committed seeds are only read. A single input taking more
  # than 60 s, or memory above 2 GB, counts as a finding.
  "$BUILD/tests/fuzz/$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=60 -rss_limit_mb=2048 \
    -artifact_prefix="$BUILD/findings/$t/" -print_final_stats=1 \
    "$BUILD/corpus/$t" "$(seeds_of "$t")" > "$BUILD/logs/$t.log" 2>&1 || true
}

for t in "${TARGETS[@]}"; do
  while (($(jobs -rp | wc -l) >= JOBS)); do wait -n || true; done
  echo "fuzz: $t for ${SECONDS_PER_TARGET} s"
  run_target "$t" &
done
wait

status=0
printf '%-20s %12s %9s %7s %8s %9s\n' target executions exec/s cov features findings
for t in "${TARGETS[@]}"; do
  log="$BUILD/logs/$t.log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  # crash-, leak-, timeout- and oom- files are findings; slow-unit- files only mark inputs over 10 s.
  findings=$(find "$BUILD/findings/$t" -type f ! -name 'slow-unit-*' | wc -l)
  printf '%-20s %12s %9s %7s %8s %9s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$findings"
  if ((findings > 0)) || [[ -z "$execs" ]]; then
    status=1
    echo "  see $log and $BUILD/findings/$t/"
  fi
done
exit $status
