// One micro-kernel template per ISA, instantiated for every (rows, blocks) tile the GEMM needs, each
// compiled for its own target so the rest of the binary stays baseline x86-64.
#include "core/integer/gemm_microkernels.h"

#include <immintrin.h>

#include <algorithm>
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
// With FourBit the weights are nibbles (gemm.h): each block's 32 bytes of a quad are unpacked in registers
// into the 64 int8 weights the int8 layout would hold, and the products are the same.
// GCC 12's own avx512fintrin.h starts _mm512_broadcast_i64x4 from an undefined register and then warns about
// it in every instantiation; the result never depends on that register.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
template <int R, int NB, bool FourBit = false>
__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni"))) void avx512Vnni(const uint8_t* panel, int64_t ldp, int64_t quads,
                                                                                 const int8_t* w, int64_t blockStride, int32_t* acc) {
  const __m512i low = _mm512_set1_epi8(0x0F), eight = _mm512_set1_epi8(8);
  __m512i sum[R][NB];
  VQ_UNROLL
  for (int r = 0; r < R; ++r)
    VQ_UNROLL
    for (int j = 0; j < NB; ++j) sum[r][j] = _mm512_setzero_si512();
  for (int64_t q = 0; q < quads; ++q) {
    __m512i b[NB];
    VQ_UNROLL
    for (int j = 0; j < NB; ++j) {
      if constexpr (FourBit) {
        // The 32 bytes in both halves; the low nibbles kept in the lower half, the high ones in the upper.
        const __m512i packed = _mm512_broadcast_i64x4(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + j * blockStride + q * 32)));
        b[j] = _mm512_sub_epi8(_mm512_and_si512(_mm512_mask_blend_epi64(0xF0, packed, _mm512_srli_epi16(packed, 4)), low), eight);
      } else {
        b[j] = _mm512_loadu_si512(w + j * blockStride + q * 64);
      }
    }
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
#pragma GCC diagnostic pop

// ------------------------------------------------------------------------------------------ AVX-VNNI
// FourBit as for AVX-512: the low nibbles of a block's quad are its outputs 0–7, the high ones 8–15.
template <int R, int NB, bool FourBit = false>
__attribute__((target("avx2,fma,avxvnni"))) void avxVnni(const uint8_t* panel, int64_t ldp, int64_t quads, const int8_t* w,
                                                         int64_t blockStride, int32_t* acc) {
  const __m256i low = _mm256_set1_epi8(0x0F), eight = _mm256_set1_epi8(8);
  __m256i sum[R][2 * NB];
  VQ_UNROLL
  for (int r = 0; r < R; ++r)
    VQ_UNROLL
    for (int j = 0; j < 2 * NB; ++j) sum[r][j] = _mm256_setzero_si256();
  for (int64_t q = 0; q < quads; ++q) {
    __m256i b[2 * NB];
    VQ_UNROLL
    for (int j = 0; j < NB; ++j) {
      if constexpr (FourBit) {
        const __m256i packed = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + j * blockStride + q * 32));
        b[2 * j] = _mm256_sub_epi8(_mm256_and_si256(packed, low), eight);
        b[2 * j + 1] = _mm256_sub_epi8(_mm256_and_si256(_mm256_srli_epi16(packed, 4), low), eight);
      } else {
        b[2 * j] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + j * blockStride + q * 64));
        b[2 * j + 1] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + j * blockStride + q * 64 + 32));
      }
    }
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

// ------------------------------------------------------------------------------------------ 4-bit weights
// A quad of one block as nibbles: 32 bytes, low nibbles = outputs 0–7, high nibbles = outputs 8–15, each
// weight + 8 (gemm.h). The VNNI paths unpack them above (FourBit); these two use their narrow products.

// The stored nibbles (w + 8, 0…15) times signed panel bytes by vpmaddubsw: 16-bit pair sums within ±3840,
// so eight quads add up in 16-bit lanes without saturating (±30720); then vpmaddwd with ones widens them
// into the int32 sums kept in acc, which hold Σ (w + 8)·x (the epilogue takes off 8·Σx). One block (16
// outputs) per call.
template <int R, int NB>
__attribute__((target("avx2,fma"))) void avx2W4(const uint8_t* panel, int64_t ldp, int64_t quads, const int8_t* weights, int64_t,
                                                int32_t* acc) {
  static_assert(NB == 1, "one 16-output block per call");
  constexpr int64_t kQuadsPer16Bits = 8;
  const auto* w = reinterpret_cast<const uint8_t*>(weights);
  const __m256i ones = _mm256_set1_epi16(1), low = _mm256_set1_epi8(0x0F);
  VQ_UNROLL
  for (int r = 0; r < R; ++r)
    VQ_UNROLL
    for (int j = 0; j < 2; ++j) _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + r * kAccStride + j * 8), _mm256_setzero_si256());
  for (int64_t q0 = 0; q0 < quads; q0 += kQuadsPer16Bits) {
    const int64_t end = std::min(quads, q0 + kQuadsPer16Bits);
    __m256i pairs[R][2];
    VQ_UNROLL
    for (int r = 0; r < R; ++r)
      VQ_UNROLL
      for (int j = 0; j < 2; ++j) pairs[r][j] = _mm256_setzero_si256();
    for (int64_t q = q0; q < end; ++q) {
      const __m256i packed = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + q * 32));
      const __m256i b0 = _mm256_and_si256(packed, low), b1 = _mm256_and_si256(_mm256_srli_epi16(packed, 4), low);
      VQ_UNROLL
      for (int r = 0; r < R; ++r) {
        const __m256i a = _mm256_set1_epi32(loadQuad(panel + r * ldp + kQuad * q));
        pairs[r][0] = _mm256_add_epi16(pairs[r][0], _mm256_maddubs_epi16(b0, a));
        pairs[r][1] = _mm256_add_epi16(pairs[r][1], _mm256_maddubs_epi16(b1, a));
      }
    }
    VQ_UNROLL
    for (int r = 0; r < R; ++r)
      VQ_UNROLL
      for (int j = 0; j < 2; ++j) {
        auto* out = reinterpret_cast<__m256i*>(acc + r * kAccStride + j * 8);
        _mm256_storeu_si256(out, _mm256_add_epi32(_mm256_loadu_si256(out), _mm256_madd_epi16(pairs[r][j], ones)));
      }
  }
}

// Signed panel bytes times the unpacked nibbles. A product is within ±128·8 = 1024, so seven quads (28
// products, ±28 672) add up in 16-bit sums before they are widened into wrapping 32-bit ones like the SIMD
// lanes: eight lanes per 128-bit vector (GCC's generic vectors: SSE2 on x86-64, plain code elsewhere),
// where 8-bit weights, whose products need 32-bit sums, get four.
template <int R, int NB>
void portableW4(const uint8_t* panel, int64_t ldp, int64_t quads, const int8_t* weights, int64_t blockStride, int32_t* acc) {
  using Int16x8 = int16_t __attribute__((vector_size(16)));
  constexpr int64_t kQuadsPer16Bits = 7;
  const auto* w = reinterpret_cast<const uint8_t*>(weights);
  for (int j = 0; j < NB; ++j) {
    uint32_t wide[R][kBlockCols] = {};
    for (int64_t q0 = 0; q0 < quads; q0 += kQuadsPer16Bits) {
      Int16x8 part[R][2] = {};
      for (int64_t q = q0; q < std::min(quads, q0 + kQuadsPer16Bits); ++q) {
        const uint8_t* bytes = w + j * blockStride + q * 32;
        Int16x8 unpacked[kQuad][2];  // [input of the quad][outputs 0–7, 8–15]
        for (int i = 0; i < 32; ++i) {
          unpacked[i % kQuad][0][i / kQuad] = static_cast<int16_t>((bytes[i] & 0x0F) - 8);
          unpacked[i % kQuad][1][i / kQuad] = static_cast<int16_t>((bytes[i] >> 4) - 8);
        }
        for (int r = 0; r < R; ++r) {
          const auto* x = reinterpret_cast<const int8_t*>(panel + r * ldp + kQuad * q);
          for (int i = 0; i < kQuad; ++i) {
            const auto xi = static_cast<int16_t>(x[i]);
            part[r][0] += xi * unpacked[i][0];
            part[r][1] += xi * unpacked[i][1];
          }
        }
      }
      for (int r = 0; r < R; ++r)
        for (int c = 0; c < kBlockCols; ++c) wide[r][c] += static_cast<uint32_t>(int32_t{part[r][c / 8][c % 8]});
    }
    for (int r = 0; r < R; ++r)
      for (int c = 0; c < kBlockCols; ++c) acc[r * kAccStride + j * kBlockCols + c] = static_cast<int32_t>(wide[r][c]);
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
VQ_KERNEL_FAMILY(avx2W4)
VQ_KERNEL_FAMILY(portableW4)
#undef VQ_KERNEL_FAMILY
struct avx512VnniW4Family {
  template <int R, int NB>
  static MicroKernel get() { return &avx512Vnni<R, NB, true>; }
};
struct avxVnniW4Family {
  template <int R, int NB>
  static MicroKernel get() { return &avxVnni<R, NB, true>; }
};

template <class Family, int R, int... NB>
void fillRow(MicroKernels& k, std::integer_sequence<int, NB...>) {
  ((k.table[R - 1][NB] = Family::template get<R, NB + 1>()), ...);
}

template <class Family, int MaxBlocks, int... R>
void fill(MicroKernels& k, std::integer_sequence<int, R...>) {
  (fillRow<Family, R + 1>(k, std::make_integer_sequence<int, MaxBlocks>{}), ...);
}

template <class Family, int MaxRows, int MaxBlocks>
MicroKernels make(bool unsignedPanel, int rowSumScale = 0) {
  MicroKernels k;
  k.maxRows = MaxRows;
  k.maxBlocks = MaxBlocks;
  k.unsignedPanel = unsignedPanel;
  k.rowSumScale = rowSumScale;
  fill<Family, MaxBlocks>(k, std::make_integer_sequence<int, MaxRows>{});
  return k;
}

}  // namespace

const MicroKernels& microKernels(Isa isa, bool fourBit) {
  // Tile sizes keep the accumulators in registers: 32 zmm hold 6 × 4 sums plus 4 weight blocks and a
  // broadcast; 16 ymm hold 6 × 2 (VNNI) or 4 × 2 (AVX2, which needs |x| and a sign-carrying copy too).
  static const MicroKernels avx512 = make<avx512VnniFamily, 6, 4>(true);
  static const MicroKernels vnni256 = make<avxVnniFamily, 6, 1>(true);
  static const MicroKernels avx2Kernels = make<avx2Family, 4, 1>(false);
  static const MicroKernels plain = make<portableFamily, 4, 1>(false);
  // 4-bit weights: the same tiles on VNNI (a 256-bit load unpacks to one zmm block); AVX2 keeps 4 rows × 2
  // 16-bit sums, the unpacked halves, the broadcast and the nibble mask in its 16 registers (measured: 5 or 6
  // rows spill and run slower).
  static const MicroKernels avx512W4 = make<avx512VnniW4Family, 6, 4>(true);
  static const MicroKernels vnni256W4 = make<avxVnniW4Family, 6, 1>(true);
  static const MicroKernels avx2W4Kernels = make<avx2W4Family, 4, 1>(false, -8);
  static const MicroKernels plainW4 = make<portableW4Family, 4, 1>(false);
  if (fourBit) switch (isa) {
      case Isa::Avx512Vnni: return avx512W4;
      case Isa::AvxVnni: return vnni256W4;
      case Isa::Avx2: return avx2W4Kernels;
      case Isa::Portable: return plainW4;
    }
  switch (isa) {
    case Isa::Avx512Vnni: return avx512;
    case Isa::AvxVnni: return vnni256;
    case Isa::Avx2: return avx2Kernels;
    case Isa::Portable: return plain;
  }
  return plain;
}

}  // namespace vq::gemm
