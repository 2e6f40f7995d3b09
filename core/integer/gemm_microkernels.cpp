// One micro-kernel template per ISA, instantiated for every (rows, blocks) tile the GEMM needs, each
// compiled for its own target so the rest of the binary stays baseline x86-64.
#include "core/integer/gemm_microkernels.h"

#include <immintrin.h>

#include <cstring>
#include <utility>

namespace vq::gemm {
namespace {

// The tile loops must unroll completely: only then does GCC keep the accumulator arrays in registers
// (otherwise it keeps them on the stack and stores every sum each step, which measured 2.7× slower).
#define VQ_UNROLL _Pragma("GCC unroll 16")

inline int32_t loadQuad(const uint8_t* p) {
  int32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// ------------------------------------------------------------------------------------------ AVX-512 VNNI
template <int R, int NB>
__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni"))) void avx512Vnni(const uint8_t* panel, int64_t ldp, int64_t quads,
                                                                                 const int8_t* w, int64_t blockStride, int32_t* acc) {
  __m512i sum[R][NB];
  VQ_UNROLL
  for (int r = 0; r < R; ++r)
    VQ_UNROLL
    for (int j = 0; j < NB; ++j) sum[r][j] = _mm512_setzero_si512();
  for (int64_t q = 0; q < quads; ++q) {
    __m512i b[NB];
    VQ_UNROLL
    for (int j = 0; j < NB; ++j) b[j] = _mm512_loadu_si512(w + j * blockStride + q * 64);
    VQ_UNROLL
    for (int r = 0; r < R; ++r) {
      const __m512i a = _mm512_set1_epi32(loadQuad(panel + r * ldp + kQuad * q));
      VQ_UNROLL
      for (int j = 0; j < NB; ++j) sum[r][j] = _mm512_dpbusd_epi32(sum[r][j], a, b[j]);
    }
  }
  VQ_UNROLL
  for (int r = 0; r < R; ++r)
    VQ_UNROLL
    for (int j = 0; j < NB; ++j) _mm512_storeu_si512(acc + r * kAccStride + j * kBlockCols, sum[r][j]);
}

// ------------------------------------------------------------------------------------------ AVX-VNNI
template <int R, int NB>
__attribute__((target("avx2,fma,avxvnni"))) void avxVnni(const uint8_t* panel, int64_t ldp, int64_t quads, const int8_t* w,
                                                         int64_t blockStride, int32_t* acc) {
  __m256i sum[R][2 * NB];
  VQ_UNROLL
  for (int r = 0; r < R; ++r)
    VQ_UNROLL
    for (int j = 0; j < 2 * NB; ++j) sum[r][j] = _mm256_setzero_si256();
  for (int64_t q = 0; q < quads; ++q) {
    __m256i b[2 * NB];
    VQ_UNROLL
    for (int j = 0; j < 2 * NB; ++j) b[j] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + (j / 2) * blockStride + q * 64 + (j % 2) * 32));
    VQ_UNROLL
    for (int r = 0; r < R; ++r) {
      const __m256i a = _mm256_set1_epi32(loadQuad(panel + r * ldp + kQuad * q));
      VQ_UNROLL
      for (int j = 0; j < 2 * NB; ++j) sum[r][j] = _mm256_dpbusd_avx_epi32(sum[r][j], a, b[j]);
    }
  }
  VQ_UNROLL
  for (int r = 0; r < R; ++r)
    VQ_UNROLL
    for (int j = 0; j < 2 * NB; ++j) _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + r * kAccStride + j * 8), sum[r][j]);
}

// ------------------------------------------------------------------------------------------ AVX2
// Per quad and row: the row's four bytes broadcast, their magnitudes times the weights signed by them
// (exact 16-bit pair sums), the pairs summed into int32 lanes by vpmaddwd with ones. The loops have the
// shape of avxVnni's on purpose but stay a separate function: a template shared by both would be compiled
// with AVX-VNNI enabled, and the compiler could then emit VNNI instructions (vpdpwssd for madd + add) into
// the path meant for CPUs without them.
template <int R, int NB>
__attribute__((target("avx2,fma"))) void avx2(const uint8_t* panel, int64_t ldp, int64_t quads, const int8_t* w, int64_t blockStride,
                                              int32_t* acc) {
  const __m256i ones = _mm256_set1_epi16(1);
  __m256i sum[R][2 * NB];
  VQ_UNROLL
  for (int r = 0; r < R; ++r)
    VQ_UNROLL
    for (int j = 0; j < 2 * NB; ++j) sum[r][j] = _mm256_setzero_si256();
  for (int64_t q = 0; q < quads; ++q) {
    __m256i b[2 * NB];
    VQ_UNROLL
    for (int j = 0; j < 2 * NB; ++j) b[j] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + (j / 2) * blockStride + q * 64 + (j % 2) * 32));
    VQ_UNROLL
    for (int r = 0; r < R; ++r) {
      const __m256i a = _mm256_set1_epi32(loadQuad(panel + r * ldp + kQuad * q));
      const __m256i magnitude = _mm256_abs_epi8(a);
      VQ_UNROLL
      for (int j = 0; j < 2 * NB; ++j)
        sum[r][j] = _mm256_add_epi32(sum[r][j], _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(b[j], a)), ones));
    }
  }
  VQ_UNROLL
  for (int r = 0; r < R; ++r)
    VQ_UNROLL
    for (int j = 0; j < 2 * NB; ++j) _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + r * kAccStride + j * 8), sum[r][j]);
}

// ------------------------------------------------------------------------------------------ portable
template <int R, int NB>
void portable(const uint8_t* panel, int64_t ldp, int64_t quads, const int8_t* w, int64_t blockStride, int32_t* acc) {
  VQ_UNROLL
  for (int r = 0; r < R; ++r) {
    const auto* x = reinterpret_cast<const int8_t*>(panel + r * ldp);
    VQ_UNROLL
    for (int j = 0; j < NB; ++j)
      for (int c = 0; c < kBlockCols; ++c) {
        int64_t s = 0;  // int64: the int32 lanes of the SIMD paths wrap, which signed C++ must not
        for (int64_t q = 0; q < quads; ++q)
          for (int i = 0; i < kQuad; ++i) s += int32_t{x[kQuad * q + i]} * w[j * blockStride + q * 64 + kQuad * c + i];
        acc[r * kAccStride + j * kBlockCols + c] = static_cast<int32_t>(static_cast<uint32_t>(s));
      }
  }
}

// ------------------------------------------------------------------------------------------ tables
#define VQ_KERNEL_FAMILY(name)                                                   \
  struct name##Family {                                                          \
    template <int R, int NB>                                                     \
    static MicroKernel get() { return &name<R, NB>; }                            \
  };
VQ_KERNEL_FAMILY(avx512Vnni)
VQ_KERNEL_FAMILY(avxVnni)
VQ_KERNEL_FAMILY(avx2)
VQ_KERNEL_FAMILY(portable)
#undef VQ_KERNEL_FAMILY

template <class Family, int R, int... NB>
void fillRow(MicroKernels& k, std::integer_sequence<int, NB...>) {
  ((k.table[R - 1][NB] = Family::template get<R, NB + 1>()), ...);
}

template <class Family, int MaxBlocks, int... R>
void fill(MicroKernels& k, std::integer_sequence<int, R...>) {
  (fillRow<Family, R + 1>(k, std::make_integer_sequence<int, MaxBlocks>{}), ...);
}

template <class Family, int MaxRows, int MaxBlocks>
MicroKernels make(bool unsignedPanel) {
  MicroKernels k;
  k.maxRows = MaxRows;
  k.maxBlocks = MaxBlocks;
  k.unsignedPanel = unsignedPanel;
  fill<Family, MaxBlocks>(k, std::make_integer_sequence<int, MaxRows>{});
  return k;
}

}  // namespace

const MicroKernels& microKernels(Isa isa) {
  // Tile sizes keep the accumulators in registers: 32 zmm hold 6 × 4 sums plus 4 weight blocks and a
  // broadcast; 16 ymm hold 6 × 2 (VNNI) or 4 × 2 (AVX2, which needs |x| and a sign-carrying copy too).
  static const MicroKernels avx512 = make<avx512VnniFamily, 6, 4>(true);
  static const MicroKernels vnni256 = make<avxVnniFamily, 6, 1>(true);
  static const MicroKernels avx2Kernels = make<avx2Family, 4, 1>(false);
  static const MicroKernels plain = make<portableFamily, 4, 1>(false);
  switch (isa) {
    case Isa::Avx512Vnni: return avx512;
    case Isa::AvxVnni: return vnni256;
    case Isa::Avx2: return avx2Kernels;
    case Isa::Portable: return plain;
  }
  return plain;
}

}  // namespace vq::gemm
