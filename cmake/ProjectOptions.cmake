# One INTERFACE target carries the project's compile policy; every target links it.
add_library(vq_options INTERFACE)
target_compile_features(vq_options INTERFACE cxx_std_17)
target_compile_options(vq_options INTERFACE -Wall -Wextra -Wno-unused-parameter)
# LibTorch headers use the identifier `slots`: Qt must not define it as a keyword.
target_compile_definitions(vq_options INTERFACE QT_NO_KEYWORDS)
# One code model for every target: the engine's precompiled header (LibTorch) is reused by the CLI and
# the tests only when it was compiled with the same -fPIC/-fPIE setting. Qt asks executables for -fPIE;
# -fPIC, given last, satisfies Qt and matches the library.
target_compile_options(vq_options INTERFACE -fPIC)
# OpenMP, as LibTorch itself is built: ATen's at::parallel_for is an inline template that runs its body on
# OpenMP threads only where the including file is compiled with -fopenmp; without it every parallel loop of
# ours (the integer engine's GEMMs and row loops, image decoding) silently runs on one thread.
find_package(OpenMP REQUIRED COMPONENTS CXX)
target_link_libraries(vq_options INTERFACE OpenMP::OpenMP_CXX)

# Sanitizers for every target (scripts/sanitize.sh, scripts/fuzz.sh): e.g. -DVQ_SANITIZE=address,undefined.
# A report aborts the program (no recovery), so a sanitizer finding fails its test instead of scrolling by.
set(VQ_SANITIZE "" CACHE STRING "Comma-separated sanitizers for every target, e.g. address,undefined")
if(VQ_SANITIZE)
  target_compile_options(vq_options INTERFACE -fsanitize=${VQ_SANITIZE} -fno-sanitize-recover=all
                                              -fno-omit-frame-pointer -g)
  target_link_options(vq_options INTERFACE -fsanitize=${VQ_SANITIZE})
endif()

# libFuzzer targets (tests/fuzz): every target gets coverage instrumentation; the fuzz executables
# themselves link libFuzzer's driver. clang only: GCC has no libFuzzer.
option(VQ_FUZZ "Build the libFuzzer targets in tests/fuzz (clang)" OFF)
if(VQ_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "VQ_FUZZ needs clang (configure with -DCMAKE_CXX_COMPILER=clang++); scripts/fuzz.sh does this")
  endif()
  target_compile_options(vq_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
