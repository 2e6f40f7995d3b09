#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer (clang, build-sanitize/) and runs the
# test suite under it. Any report aborts its test, so the run passes only when the suite is clean.
# Left out:
# - translations_complete, desktop_file_valid, metainfo_valid: file validators that run no code of ours;
# - debian_package: it would package the instrumented binaries;
# - tst_cli_quantize, tst_cli_qvit, tst_qvit, tst_ivit_finetune: the slow training and calibration runs (4 min
#   of the 13-min suite in a release build, several times that instrumented); the code they reach is run by
#   the fast tests on smaller inputs (tst_methods, tst_quant_model, tst_cli_errors, tst_cli_ivit).
# Extra ctest arguments are passed on, e.g. `scripts/sanitize.sh -R tst_safetensors`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${VQ_SANITIZE_BUILD_DIR:-$ROOT/build-sanitize}"

bash "$ROOT/scripts/install-packages.sh" "$ROOT/scripts/packages.txt" "$ROOT/scripts/packages-sanitizers.txt"
if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DVQ_SANITIZE=address,undefined
fi
cmake --build "$BUILD" -j "$(nproc)"

export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:symbolize=1"
export LSAN_OPTIONS="suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Instrumented code runs 5-20x slower: widen the tests' wall-clock limits (tests/time_budget.h) and Qt Test's
# 5-minute per-function watchdog, so that only sanitizer reports and real failures fail the run.
export VQ_TEST_TIME_SCALE=20
export QTEST_FUNCTION_TIMEOUT=1800000
cd "$BUILD"
ctest --output-on-failure --timeout 1800 -E '^(translations_complete|desktop_file_valid|metainfo_valid|debian_package|tst_cli_quantize|tst_cli_qvit|tst_qvit|tst_ivit_finetune)$' "$@"
