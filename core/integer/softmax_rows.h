#pragma once
// Shiftmax of one row of int32 logits into uint8 probabilities (2^-8 steps), exactly as intops::shiftmax
// computes it: logits to base-2 fixed-point exponents by the dyadic (m, shift), minus the row maximum,
// ShiftExp, then the integer division by the row sum.
#include <cstdint>

namespace vq::rows {

// `simd`: the CPU has AVX2 (eight exponents at a time; rows whose exponents leave ±2^30 take the plain loop).
void shiftmax(const int32_t* logits, int64_t n, int64_t m, int shift, uint8_t* out, bool simd);

}  // namespace vq::rows
