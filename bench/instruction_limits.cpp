#include "bench/instruction_limits.h"

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace vq {
namespace {

// Twelve independent accumulators (ymm/zmm 0–11), sources in 14 and 15 (13 for a temporary): enough
// chains to hide every instruction's latency, so the loop runs at the instructions' throughput.
#define VQ_TWELVE(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define VQ_CLOBBERS "cc", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"
#define VQ_LOOP(body)                                                                                                  \
  [](int64_t n) {                                                                                                      \
    __asm__ volatile("vpxor %%xmm14, %%xmm14, %%xmm14\n vpxor %%xmm15, %%xmm15, %%xmm15\n vpxor %%xmm12, %%xmm12, %%xmm12\n" \
                     "1:\n" body "dec %0\n jnz 1b\n vzeroupper\n"                                                       \
                     : "+r"(n)                                                                                         \
                     :                                                                                                 \
                     : VQ_CLOBBERS);                                                                                   \
  }

#define VQ_DPBUSD_ZMM(i) "vpdpbusd %%zmm15, %%zmm14, %%zmm" #i "\n"
#define VQ_DPBUSD_YMM(i) "%{vex%} vpdpbusd %%ymm15, %%ymm14, %%ymm" #i "\n"
#define VQ_SIGN_MADD(i)                           \
  "vpsignb %%ymm14, %%ymm15, %%ymm13\n"           \
  "vpmaddubsw %%ymm13, %%ymm14, %%ymm13\n"        \
  "vpmaddwd %%ymm12, %%ymm13, %%ymm13\n"          \
  "vpaddd %%ymm13, %%ymm" #i ", %%ymm" #i "\n"
#define VQ_MADDUBS_ADDW(i)                        \
  "vpmaddubsw %%ymm15, %%ymm14, %%ymm13\n"        \
  "vpaddw %%ymm13, %%ymm" #i ", %%ymm" #i "\n"

using Loop = void (*)(int64_t);

// GMAC/s of `loop` (12 groups of `macsPerGroup` per iteration): the best of a few timed runs.
double measure(Loop loop, double macsPerGroup) {
  constexpr int64_t kIterations = 4'000'000;
  loop(kIterations / 10);  // wake the core up to its running clock
  double best = 0;
  for (int run = 0; run < 3; ++run) {
    const auto t0 = std::chrono::steady_clock::now();
    loop(kIterations);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::max(best, 12.0 * macsPerGroup * static_cast<double>(kIterations) / seconds / 1e9);
  }
  return best;
}

}  // namespace

double instructionLimitGmacPerCore(Isa isa, int weightBits) {
  if (!cpuSupports(isa)) return 0;
  switch (isa) {
    case Isa::Avx512Vnni: {
      static const double limit = measure(VQ_LOOP(VQ_TWELVE(VQ_DPBUSD_ZMM)), 64);
      return limit;
    }
    case Isa::AvxVnni: {
      static const double limit = measure(VQ_LOOP(VQ_TWELVE(VQ_DPBUSD_YMM)), 32);
      return limit;
    }
    case Isa::Avx2: {
      if (weightBits <= 4) {
        static const double limit = measure(VQ_LOOP(VQ_TWELVE(VQ_MADDUBS_ADDW)), 32);
        return limit;
      }
      static const double limit = measure(VQ_LOOP(VQ_TWELVE(VQ_SIGN_MADD)), 32);
      return limit;
    }
    case Isa::Portable: return 0;
  }
  return 0;
}

}  // namespace vq
