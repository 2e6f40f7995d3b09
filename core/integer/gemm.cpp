#include "core/integer/gemm.h"

#include <ATen/Parallel.h>
#include <immintrin.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace vq {
namespace {

constexpr int64_t kBlock = 8;      // outputs per packed block (one ymm of int32)
constexpr int64_t kQuad = 4;       // inputs per packed group (one int32 lane of int8s)
constexpr int64_t kRowChunk = 64;  // rows copied (K padded to quads) and kept hot while all blocks pass over them

struct Shape {
  int64_t N, K, blocks, quads;
  explicit Shape(const PackedWeights& p) : N(p.N), K(p.K), blocks((N + kBlock - 1) / kBlock), quads((K + kQuad - 1) / kQuad) {}
};

// R rows × (8 or 16) outputs over every quad of K. Per quad and row: the row's 4 inputs broadcast, their
// magnitudes times the weights signed by them (vpsignb, vpmaddubsw → exact 16-bit pairs), pairs summed
// into int32 lanes (vpmaddwd with ones).
template <int R, bool Two>
__attribute__((target("avx2"))) void kernelAvx2(const int8_t* x, int64_t ldx, int64_t quads, const int8_t* w0, const int8_t* w1,
                                                int32_t* acc) {
  const __m256i ones = _mm256_set1_epi16(1);
  __m256i sum[R][2];
  for (int r = 0; r < R; ++r) sum[r][0] = sum[r][1] = _mm256_setzero_si256();
  for (int64_t q = 0; q < quads; ++q) {
    const __m256i b0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w0 + q * 32));
    const __m256i b1 = Two ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w1 + q * 32)) : _mm256_setzero_si256();
    for (int r = 0; r < R; ++r) {
      int32_t quad;
      std::memcpy(&quad, x + r * ldx + kQuad * q, sizeof(quad));
      const __m256i a = _mm256_set1_epi32(quad);
      const __m256i magnitude = _mm256_abs_epi8(a);
      sum[r][0] = _mm256_add_epi32(sum[r][0], _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(b0, a)), ones));
      if (Two) sum[r][1] = _mm256_add_epi32(sum[r][1], _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(b1, a)), ones));
    }
  }
  for (int r = 0; r < R; ++r) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + r * 16), sum[r][0]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + r * 16 + 8), sum[r][1]);
  }
}

template <int R, bool Two>
void kernelPortable(const int8_t* x, int64_t ldx, int64_t quads, const int8_t* w0, const int8_t* w1, int32_t* acc) {
  for (int r = 0; r < R; ++r)
    for (int half = 0; half < 2; ++half)
      for (int j = 0; j < 8; ++j) {
        const int8_t* w = half == 0 ? w0 : w1;
        int32_t s = 0;
        if (half == 0 || Two)
          for (int64_t q = 0; q < quads; ++q)
            for (int i = 0; i < kQuad; ++i) s += int32_t{x[r * ldx + kQuad * q + i]} * w[q * 32 + kQuad * j + i];
        acc[r * 16 + half * 8 + j] = s;
      }
}

using Kernel = void (*)(const int8_t*, int64_t, int64_t, const int8_t*, const int8_t*, int32_t*);

template <int R>
Kernel pick(bool two, bool avx2) {
  if (avx2) return two ? kernelAvx2<R, true> : kernelAvx2<R, false>;
  return two ? kernelPortable<R, true> : kernelPortable<R, false>;
}

Kernel kernelFor(int rows, bool two, bool avx2) {
  switch (rows) {
    case 4: return pick<4>(two, avx2);
    case 3: return pick<3>(two, avx2);
    case 2: return pick<2>(two, avx2);
    default: return pick<1>(two, avx2);
  }
}

}  // namespace

bool gemmUsesAvx2() {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2;
}

PackedWeights packWeights(const torch::Tensor& weight) {
  // −128 would break the sign trick (its negation does not fit); symmetric int8 weights never hold it.
  TORCH_CHECK(weight.scalar_type() == torch::kInt8 && weight.dim() == 2, "packWeights: int8 [N, K] expected");
  TORCH_CHECK(weight.numel() == 0 || weight.min().item<int>() > -128, "packWeights: weights must lie in ±127");
  PackedWeights p;
  p.N = weight.size(0);
  p.K = weight.size(1);
  const int64_t blocks = (p.N + kBlock - 1) / kBlock, quads = (p.K + kQuad - 1) / kQuad;
  auto padded = torch::zeros({blocks * kBlock, quads * kQuad}, torch::kInt8);
  padded.narrow(0, 0, p.N).narrow(1, 0, p.K).copy_(weight);
  p.data = padded.reshape({blocks, kBlock, quads, kQuad}).permute({0, 2, 1, 3}).contiguous();  // [blocks, quads, 8, 4]
  return p;
}

torch::Tensor gemmInt8(const torch::Tensor& x, const PackedWeights& packed, const torch::Tensor& bias) {
  const Shape s(packed);
  const int64_t M = x.size(0);
  const int8_t* w = packed.data.data_ptr<int8_t>();
  auto out = torch::empty({M, s.N}, torch::kInt32);
  const int8_t* px = x.data_ptr<int8_t>();
  const int32_t* pbias = bias.data_ptr<int32_t>();
  int32_t* po = out.data_ptr<int32_t>();
  const bool avx2 = gemmUsesAvx2();
  const int64_t ldx = s.quads * kQuad, blockStride = s.quads * kQuad * kBlock;
  const int64_t chunks = (M + kRowChunk - 1) / kRowChunk;
  at::parallel_for(0, chunks, 1, [&](int64_t begin, int64_t end) {
    std::vector<int8_t> rows(static_cast<size_t>(kRowChunk * ldx));
    int32_t acc[4 * 16];
    for (int64_t chunk = begin; chunk < end; ++chunk) {
      const int64_t m0 = chunk * kRowChunk, mc = std::min(kRowChunk, M - m0);
      std::fill(rows.begin(), rows.end(), int8_t{0});
      for (int64_t r = 0; r < mc; ++r) std::memcpy(rows.data() + r * ldx, px + (m0 + r) * s.K, static_cast<size_t>(s.K));
      for (int64_t b = 0; b < s.blocks; b += 2) {
        const bool two = b + 1 < s.blocks;
        const int8_t* w0 = w + b * blockStride;
        const int8_t* w1 = two ? w0 + blockStride : nullptr;
        for (int64_t r = 0; r < mc; r += 4) {
          const int R = static_cast<int>(std::min<int64_t>(4, mc - r));
          kernelFor(R, two, avx2)(rows.data() + r * ldx, ldx, s.quads, w0, w1, acc);
          for (int rr = 0; rr < R; ++rr)
            for (int64_t j = 0; j < (two ? 16 : 8); ++j) {
              const int64_t n = b * kBlock + j;
              if (n < s.N) po[(m0 + r + rr) * s.N + n] = acc[rr * 16 + j] + pbias[n];
            }
        }
      }
    }
  });
  return out;
}

}  // namespace vq
