#include "core/integer/softmax_rows.h"

#include "core/integer/int_ops.h"

#include "core/integer/avx2_lanes.h"

#include <algorithm>
#include <climits>
#include <vector>

namespace vq::rows {
namespace {

using intops::kDivBits;
using intops::kExpFracBits;
using intops::kExpRange;
using intops::kProbBits;

constexpr int64_t kFracMask = (int64_t{1} << kExpFracBits) - 1;
constexpr int64_t kFloorExponent = int64_t{kExpRange} << kExpFracBits;  // 2^x is clipped at x = −15
constexpr int kOutShift = kDivBits - kProbBits;

inline int64_t shiftExp2(int64_t x) {
  const int64_t t = std::min(std::max(-x, int64_t{0}), kFloorExponent);
  const int64_t mantissa = (int64_t{1} << kExpFracBits) - ((t & kFracMask) >> 1);
  return (mantissa << kExpRange) >> (t >> kExpFracBits);
}

inline uint8_t probability(int64_t e, int64_t factor) {
  const int64_t p = (e * factor + (int64_t{1} << (kOutShift - 1))) >> kOutShift;
  return static_cast<uint8_t>(std::min<int64_t>(p, (int64_t{1} << kProbBits) - 1));
}

void shiftmaxScalar(const int32_t* logits, int64_t n, int64_t m, int shift, uint8_t* out) {
  thread_local std::vector<int64_t> z;
  z.resize(static_cast<size_t>(n));
  const int64_t round = shift == 0 ? 0 : int64_t{1} << (shift - 1);
  int64_t zmax = INT64_MIN;
  for (int64_t j = 0; j < n; ++j) {
    z[j] = (static_cast<int64_t>(logits[j]) * m + round) >> shift;
    zmax = std::max(zmax, z[j]);
  }
  int64_t sum = 0;
  for (int64_t j = 0; j < n; ++j) {
    z[j] = shiftExp2(z[j] - zmax);
    sum += z[j];
  }
  const int64_t factor = (int64_t{1} << kDivBits) / sum;
  for (int64_t j = 0; j < n; ++j) out[j] = probability(z[j], factor);
}

// The exponents of eight logits, round(logit·m / 2^shift), as int32 lanes (the caller checks the range).
__attribute__((target("avx2"))) inline __m256i exponents8(__m256i v, __m256i m, int shift) {
  return avx2::interleave(avx2::dyadic8(v, m, shift));
}

// ShiftExp of eight non-positive exponents d ≥ −2^31 as int32: t = min(−d, 15·2^8); (2^8 − (t mod 2^8)/2)·2^15 >> ⌊t/2^8⌋.
__attribute__((target("avx2"))) inline __m256i exp8(__m256i d) {
  const __m256i t = _mm256_min_epi32(_mm256_sub_epi32(_mm256_setzero_si256(), d), _mm256_set1_epi32(static_cast<int>(kFloorExponent)));
  const __m256i mantissa = _mm256_sub_epi32(_mm256_set1_epi32(1 << kExpFracBits), _mm256_srli_epi32(_mm256_and_si256(t, _mm256_set1_epi32(kFracMask)), 1));
  return _mm256_srlv_epi32(_mm256_slli_epi32(mantissa, kExpRange), _mm256_srli_epi32(t, kExpFracBits));
}

// Returns false (having written nothing) when an exponent falls outside ±2^30, where int32 lanes could not
// hold the differences to the maximum.
__attribute__((target("avx2"))) bool shiftmaxAvx2(const int32_t* logits, int64_t n, int64_t m, int shift, uint8_t* out) {
  thread_local std::vector<int32_t> z;
  z.resize(static_cast<size_t>((n + 7) / 8 * 8));
  const __m256i mm = _mm256_set1_epi32(static_cast<int>(m));
  // Range check on the 64-bit exponents: |logit·m / 2^shift| ≤ max|logit|·|m| / 2^shift.
  int64_t maxAbs = 0;
  for (int64_t j = 0; j < n; ++j) maxAbs = std::max<int64_t>(maxAbs, std::abs(int64_t{logits[j]}));
  if (((maxAbs * std::abs(m)) >> shift) + 1 >= (int64_t{1} << 30)) return false;

  int64_t j = 0;
  __m256i vmax = _mm256_set1_epi32(INT_MIN);
  for (; j + 8 <= n; j += 8) {
    const __m256i e = exponents8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(logits + j)), mm, shift);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(z.data() + j), e);
    vmax = _mm256_max_epi32(vmax, e);
  }
  alignas(32) int32_t lanes[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), vmax);
  int32_t zmax = *std::max_element(lanes, lanes + 8);
  const int64_t round = shift == 0 ? 0 : int64_t{1} << (shift - 1);
  for (; j < n; ++j) {
    z[j] = static_cast<int32_t>((static_cast<int64_t>(logits[j]) * m + round) >> shift);
    zmax = std::max(zmax, z[j]);
  }

  // Exponentials are at most 2^23, so eight int32 lanes of partial sums hold 2^8 of them each; the row
  // sum is carried in int64.
  const __m256i vzmax = _mm256_set1_epi32(zmax);
  int64_t sum = 0;
  j = 0;
  while (j + 8 <= n) {
    __m256i partial = _mm256_setzero_si256();
    const int64_t stop = std::min(n - n % 8, j + 8 * 128);
    for (; j < stop; j += 8) {
      const __m256i e = exp8(_mm256_sub_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(z.data() + j)), vzmax));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(z.data() + j), e);
      partial = _mm256_add_epi32(partial, e);
    }
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), partial);
    for (int32_t v : lanes) sum += v;
  }
  for (; j < n; ++j) {
    z[j] = static_cast<int32_t>(shiftExp2(int64_t{z[j]} - zmax));
    sum += z[j];
  }

  // p = min(round(e · factor / 2^38), 255): e < 2^24 and factor ≤ 2^23, so unsigned 32×32 → 64 products.
  const int64_t factor = (int64_t{1} << kDivBits) / sum;
  const __m256i f = _mm256_set1_epi64x(factor), half = _mm256_set1_epi64x(int64_t{1} << (kOutShift - 1));
  const __m256i ceiling = _mm256_set1_epi32((1 << kProbBits) - 1);
  for (j = 0; j + 8 <= n; j += 8) {
    const __m256i e = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(z.data() + j));
    const __m256i even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epu32(e, f), half), kOutShift);
    const __m256i odd = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(e, 32), f), half), kOutShift);
    const __m256i p = _mm256_min_epi32(_mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA), ceiling);
    const __m128i words = _mm_packus_epi32(_mm256_castsi256_si128(p), _mm256_extracti128_si256(p, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(out + j), _mm_packus_epi16(words, words));
  }
  for (; j < n; ++j) out[j] = probability(z[j], factor);
  return true;
}

}  // namespace

void shiftmax(const int32_t* logits, int64_t n, int64_t m, int shift, uint8_t* out, bool simd) {
  if (simd && shiftmaxAvx2(logits, n, m, shift, out)) return;
  shiftmaxScalar(logits, n, m, shift, out);
}

}  // namespace vq::rows
