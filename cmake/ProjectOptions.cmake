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
