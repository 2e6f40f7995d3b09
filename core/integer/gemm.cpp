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
constexpr int64_t kRowChunk = 64;  // rows converted to int16 and kept hot while all blocks pass over them

struct Shape {
  int64_t N, K, blocks, pairs;
  explicit Shape(const PackedWeights& p) : N(p.N), K(p.K), blocks((N + kBlock - 1) / kBlock), pairs((K + 1) / 2) {}
};

template <int R, bool Two>
__attribute__((target("avx2"))) void kernelAvx2(const int16_t* x, int64_t ldx, int64_t pairs, const int16_t* w0, const int16_t* w1,
                                                int32_t* acc) {
  __m256i sum[R][2];
  for (int r = 0; r < R; ++r) sum[r][0] = sum[r][1] = _mm256_setzero_si256();
  for (int64_t p = 0; p < pairs; ++p) {
    const __m256i b0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w0 + p * 16));
    const __m256i b1 = Two ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w1 + p * 16)) : _mm256_setzero_si256();
    for (int r = 0; r < R; ++r) {
      int32_t pair;
      std::memcpy(&pair, x + r * ldx + 2 * p, sizeof(pair));
      const __m256i a = _mm256_set1_epi32(pair);
      sum[r][0] = _mm256_add_epi32(sum[r][0], _mm256_madd_epi16(a, b0));
      if (Two) sum[r][1] = _mm256_add_epi32(sum[r][1], _mm256_madd_epi16(a, b1));
    }
  }
  for (int r = 0; r < R; ++r) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + r * 16), sum[r][0]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + r * 16 + 8), sum[r][1]);
  }
}

template <int R, bool Two>
void kernelPortable(const int16_t* x, int64_t ldx, int64_t pairs, const int16_t* w0, const int16_t* w1, int32_t* acc) {
  for (int r = 0; r < R; ++r)
    for (int half = 0; half < 2; ++half)
      for (int j = 0; j < 8; ++j) {
        const int16_t* w = half == 0 ? w0 : w1;
        int32_t s = 0;
        if (half == 0 || Two)
          for (int64_t p = 0; p < pairs; ++p)
            s += int32_t{x[r * ldx + 2 * p]} * w[p * 16 + 2 * j] + int32_t{x[r * ldx + 2 * p + 1]} * w[p * 16 + 2 * j + 1];
        acc[r * 16 + half * 8 + j] = s;
      }
}

using Kernel = void (*)(const int16_t*, int64_t, int64_t, const int16_t*, const int16_t*, int32_t*);

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
  PackedWeights p;
  p.N = weight.size(0);
  p.K = weight.size(1);
  const int64_t blocks = (p.N + kBlock - 1) / kBlock, pairs = (p.K + 1) / 2;
  auto padded = torch::zeros({blocks * kBlock, pairs * 2}, torch::kInt16);
  padded.narrow(0, 0, p.N).narrow(1, 0, p.K).copy_(weight);
  p.data = padded.reshape({blocks, kBlock, pairs, 2}).permute({0, 2, 1, 3}).contiguous();  // [blocks, pairs, 8, 2]
  return p;
}

torch::Tensor gemmInt8(const torch::Tensor& x, const PackedWeights& packed, const torch::Tensor& bias) {
  const Shape s(packed);
  const int64_t M = x.size(0);
  const int16_t* w = packed.data.data_ptr<int16_t>();
  auto out = torch::empty({M, s.N}, torch::kInt32);
  const int8_t* px = x.data_ptr<int8_t>();
  const int32_t* pbias = bias.data_ptr<int32_t>();
  int32_t* po = out.data_ptr<int32_t>();
  const bool avx2 = gemmUsesAvx2();
  const int64_t ldx = s.pairs * 2, blockStride = s.pairs * 16;
  const int64_t chunks = (M + kRowChunk - 1) / kRowChunk;
  at::parallel_for(0, chunks, 1, [&](int64_t begin, int64_t end) {
    std::vector<int16_t> rows(static_cast<size_t>(kRowChunk * ldx));
    int32_t acc[4 * 16];
    for (int64_t chunk = begin; chunk < end; ++chunk) {
      const int64_t m0 = chunk * kRowChunk, mc = std::min(kRowChunk, M - m0);
      std::fill(rows.begin(), rows.end(), int16_t{0});
      for (int64_t r = 0; r < mc; ++r)
        for (int64_t k = 0; k < s.K; ++k) rows[static_cast<size_t>(r * ldx + k)] = px[(m0 + r) * s.K + k];
      for (int64_t b = 0; b < s.blocks; b += 2) {
        const bool two = b + 1 < s.blocks;
        const int16_t* w0 = w + b * blockStride;
        const int16_t* w1 = two ? w0 + blockStride : nullptr;
        for (int64_t r = 0; r < mc; r += 4) {
          const int R = static_cast<int>(std::min<int64_t>(4, mc - r));
          kernelFor(R, two, avx2)(rows.data() + r * ldx, ldx, s.pairs, w0, w1, acc);
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
