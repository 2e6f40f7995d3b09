#pragma once
// Requantisation of one row of int32 accumulators, the element-wise step after every integer product:
// round(v · m / 2^shift) with ties towards +inf, clamped to ±q — applyDyadic and clampSigned of the
// reference engine, bit for bit. With `simd` an AVX2 loop does eight values at a time (the CPU must have
// AVX2); otherwise a plain loop.
#include <cstdint>

namespace vq::rows {

// out[c] = clamp(round(in[c]·m[c] / 2^shift), ±q) for c < n. m[c] fits in int32 (dyadic multipliers do).
void requantize(const int32_t* in, const int32_t* m, int shift, int32_t q, int8_t* out, int64_t n, bool simd);
void requantize(const int32_t* in, const int32_t* m, int shift, int32_t q, int16_t* out, int64_t n, bool simd);

// The residual add: out[c] = clamp(round(a[c]·ma[c] / 2^sa) + round(b[c]·mb[c] / 2^sb), ±q).
void addRequantized(const int32_t* a, const int32_t* ma, int sa, const int16_t* b, const int32_t* mb, int sb, int32_t q, int16_t* out,
                    int64_t n, bool simd);

}  // namespace vq::rows
