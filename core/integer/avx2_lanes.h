#pragma once
// AVX2 building blocks shared by the fast engine's row loops (requantisation, Shiftmax, I-LayerNorm):
// exact 64-bit rounding shifts and dyadic products on eight int32 lanes, clamps and narrowing stores.
// Every function is compiled for AVX2 alone; callers check the CPU first.
#include <immintrin.h>

#include <cstdint>

namespace vq::avx2 {

#define VQ_AVX2 __attribute__((target("avx2"), always_inline)) inline

// (v + 2^(shift−1)) >> shift, ties towards +inf, on signed int64 lanes with |v| < 2^62, shift 0…62. AVX2
// has no 64-bit arithmetic shift: v is lifted by 2^62 to be non-negative as an unsigned number, shifted
// logically, and the lift's 2^(62−shift) taken off again — exact, because 2^shift divides 2^62.
VQ_AVX2 __m256i roundShift64(__m256i v, int shift) {
  const __m256i lift = _mm256_set1_epi64x(static_cast<long long>((uint64_t{1} << 62) + (shift == 0 ? 0 : uint64_t{1} << (shift - 1))));
  const __m256i unlift = _mm256_set1_epi64x(static_cast<long long>(uint64_t{1} << (62 - shift)));
  return _mm256_sub_epi64(_mm256_srl_epi64(_mm256_add_epi64(v, lift), _mm_cvtsi32_si128(shift)), unlift);
}

// Eight int32 lanes as int64 values in two registers: lanes 0, 2, 4, 6 (even) and 1, 3, 5, 7 (odd).
struct Wide {
  __m256i even, odd;
};

// round(v·m / 2^shift) for eight int32 v and int32 m (signed 32×32 → 64-bit products, |v·m| < 2^62).
VQ_AVX2 Wide dyadic8(__m256i v, __m256i m, int shift) {
  return {roundShift64(_mm256_mul_epi32(v, m), shift), roundShift64(_mm256_mul_epi32(_mm256_srli_epi64(v, 32), _mm256_srli_epi64(m, 32)), shift)};
}

VQ_AVX2 __m256i clamp64(__m256i x, __m256i lo, __m256i hi) {
  x = _mm256_blendv_epi8(x, hi, _mm256_cmpgt_epi64(x, hi));
  return _mm256_blendv_epi8(x, lo, _mm256_cmpgt_epi64(lo, x));
}

// The low 32 bits of both halves back in lane order (values that fit in int32).
VQ_AVX2 __m256i interleave(Wide w) { return _mm256_blend_epi32(w.even, _mm256_slli_epi64(w.odd, 32), 0xAA); }

// Clamped to ±q in 64 bits (a product may exceed int32 before clamping), then back in lane order.
VQ_AVX2 __m256i narrow(Wide w, int64_t q) {
  const __m256i hi = _mm256_set1_epi64x(q), lo = _mm256_set1_epi64x(-q);
  return interleave({clamp64(w.even, lo, hi), clamp64(w.odd, lo, hi)});
}

VQ_AVX2 __m256i load8(const int16_t* p) { return _mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); }
VQ_AVX2 __m256i load8(const int8_t* p) { return _mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))); }

// Eight int32 lanes (within the target's range) stored as int16 / int8, in order.
VQ_AVX2 void store8(__m256i v, int16_t* out) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1)));
}
VQ_AVX2 void store8(__m256i v, int8_t* out) {
  const __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(out), _mm_packs_epi16(words, words));
}

#undef VQ_AVX2

}  // namespace vq::avx2
