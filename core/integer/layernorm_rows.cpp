#include "core/integer/layernorm_rows.h"

#include "core/integer/int_ops.h"

#include "core/integer/avx2_lanes.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace vq::rows {
namespace {

constexpr int kFactorShift = 31 - intops::kNormBits;  // (centred · ⌊2^31/σ⌋) >> 16

inline int64_t roundShift(int64_t v, int shift) { return shift == 0 ? v : (v + (int64_t{1} << (shift - 1))) >> shift; }
inline int64_t floorDiv(int64_t a, int64_t b) {  // b > 0
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
inline int64_t isqrt(int64_t v) {  // ⌊√v⌋ by Newton's iteration from a power of two above the root
  if (v <= 0) return 0;
  const int bits = 64 - __builtin_clzll(static_cast<uint64_t>(v));
  int64_t y = int64_t{1} << ((bits + 1) / 2);
  while (true) {
    const int64_t next = (y + v / y) >> 1;
    if (next >= y) return y;
    y = next;
  }
}

struct RowStats {
  int64_t mean, factor;
};

template <typename In>
RowStats statsScalar(const In* x, int64_t C) {
  int64_t sum = 0;
  for (int64_t c = 0; c < C; ++c) sum += x[c];
  const int64_t mean = floorDiv(sum + (C >> 1), C);
  int64_t var = 0;
  for (int64_t c = 0; c < C; ++c) var += (x[c] - mean) * (x[c] - mean);
  const int64_t stdev = isqrt(var);
  return {mean, stdev > 0 ? (int64_t{1} << 31) / stdev : 0};
}

template <typename In, typename Out>
void normalizeScalar(const In* x, Out* out, int64_t C, int64_t c0, const RowStats& s, const LayerNormParams& p) {
  for (int64_t c = c0; c < C; ++c) {
    const int64_t n = roundShift((x[c] - s.mean) * s.factor, kFactorShift);
    out[c] = static_cast<Out>(std::clamp<int64_t>(roundShift(n * p.gain[c] + p.offset[c], p.shift), -p.q, p.q));
  }
}

// ------------------------------------------------------------------------------------------ AVX2
using avx2::load8;
using avx2::roundShift64;
using avx2::store8;

__attribute__((target("avx2"))) inline int64_t sum64(__m256i v) {
  alignas(32) int64_t lanes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), v);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

// Sum and sum of squares eight at a time. int32 lanes hold sums of up to 2^16 values of |x| ≤ 2^15; the
// squares (≤ 2^32) go straight into int64 lanes.
template <typename In>
__attribute__((target("avx2"))) RowStats statsAvx2(const In* x, int64_t C) {
  const int64_t body = C - C % 8;
  __m256i total = _mm256_setzero_si256();
  for (int64_t c = 0; c < body; c += 8) total = _mm256_add_epi32(total, load8(x + c));
  alignas(32) int32_t lanes[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), total);
  int64_t sum = 0;
  for (int32_t v : lanes) sum += v;
  for (int64_t c = body; c < C; ++c) sum += x[c];
  const int64_t mean = floorDiv(sum + (C >> 1), C);
  const __m256i vmean = _mm256_set1_epi32(static_cast<int32_t>(mean));
  __m256i evenSq = _mm256_setzero_si256(), oddSq = _mm256_setzero_si256();
  for (int64_t c = 0; c < body; c += 8) {
    const __m256i d = _mm256_sub_epi32(load8(x + c), vmean);
    evenSq = _mm256_add_epi64(evenSq, _mm256_mul_epi32(d, d));
    const __m256i dOdd = _mm256_srli_epi64(d, 32);
    oddSq = _mm256_add_epi64(oddSq, _mm256_mul_epi32(dOdd, dOdd));
  }
  int64_t var = sum64(evenSq) + sum64(oddSq);
  for (int64_t c = body; c < C; ++c) var += (x[c] - mean) * (x[c] - mean);
  const int64_t stdev = isqrt(var);
  return {mean, stdev > 0 ? (int64_t{1} << 31) / stdev : 0};
}

// Returns how many leading channels it wrote (a multiple of 8).
template <typename In, typename Out>
__attribute__((target("avx2"))) int64_t normalizeAvx2(const In* x, Out* out, int64_t C, const RowStats& s, const LayerNormParams& p) {
  const int64_t body = C - C % 8;
  const __m256i vmean = _mm256_set1_epi32(static_cast<int32_t>(s.mean)), factor = _mm256_set1_epi32(static_cast<int32_t>(s.factor));
  for (int64_t c = 0; c < body; c += 8) {
    const __m256i d = _mm256_sub_epi32(load8(x + c), vmean);
    // n = round(d · factor / 2^16) as int32 lanes (|n| ≤ √C · 2^15 + 1)
    const __m256i nEven = roundShift64(_mm256_mul_epi32(d, factor), kFactorShift);
    const __m256i nOdd = roundShift64(_mm256_mul_epi32(_mm256_srli_epi64(d, 32), factor), kFactorShift);
    const __m256i g = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p.gain + c));
    // Offsets of channels c, c+2, c+4, c+6 (even) and c+1, c+3, c+5, c+7 (odd), in 64-bit lane order.
    const __m256i o0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p.offset + c));
    const __m256i o1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p.offset + c + 4));
    const __m256i oEven = _mm256_permute4x64_epi64(_mm256_unpacklo_epi64(o0, o1), 0xD8);
    const __m256i oOdd = _mm256_permute4x64_epi64(_mm256_unpackhi_epi64(o0, o1), 0xD8);
    const __m256i yEven = roundShift64(_mm256_add_epi64(_mm256_mul_epi32(nEven, g), oEven), p.shift);
    const __m256i yOdd = roundShift64(_mm256_add_epi64(_mm256_mul_epi32(nOdd, _mm256_srli_epi64(g, 32)), oOdd), p.shift);
    store8(avx2::narrow({yEven, yOdd}, p.q), out + c);
  }
  return body;
}

template <typename In, typename Out>
void layerNormImpl(const In* x, Out* out, int64_t C, const LayerNormParams& p) {
  if (p.simd) {
    const RowStats s = statsAvx2(x, C);
    const int64_t done = s.factor < (int64_t{1} << 31) ? normalizeAvx2(x, out, C, s, p) : 0;  // σ = 1: a factor of 2^31
    normalizeScalar(x, out, C, done, s, p);
    return;
  }
  normalizeScalar(x, out, C, 0, statsScalar(x, C), p);
}

}  // namespace

bool layerNormFitsAvx2(int64_t C, const LayerNormParams& p) {
  if (C > (int64_t{1} << 16)) return false;  // int32 partial sums
  const double nMax = std::sqrt(static_cast<double>(C)) * 32768.0 + 2;  // |normalised| ≤ √C in 2^-15 steps
  double gMax = 0, oMax = 0;
  for (int64_t c = 0; c < C; ++c) {
    gMax = std::max(gMax, std::abs(static_cast<double>(p.gain[c])));
    oMax = std::max(oMax, std::abs(static_cast<double>(p.offset[c])));
  }
  return nMax * gMax + oMax < std::ldexp(1.0, 61);
}

void layerNorm(const int8_t* x, int8_t* out, int64_t C, const LayerNormParams& p) { layerNormImpl(x, out, C, p); }
void layerNorm(const int8_t* x, int16_t* out, int64_t C, const LayerNormParams& p) { layerNormImpl(x, out, C, p); }
void layerNorm(const int16_t* x, int8_t* out, int64_t C, const LayerNormParams& p) { layerNormImpl(x, out, C, p); }
void layerNorm(const int16_t* x, int16_t* out, int64_t C, const LayerNormParams& p) { layerNormImpl(x, out, C, p); }

}  // namespace vq::rows
