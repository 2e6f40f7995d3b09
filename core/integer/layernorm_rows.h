#pragma once
// I-LayerNorm of one row, as the reference computes it (intops::normalizeRows, then the per-channel gain
// dyadic and offset, clamped): mean rounded to an integer, integer square root of the sum of squares,
// ⌊2^31/σ⌋ as the normalising factor. All products are exact 64-bit integers.
#include <cstdint>

namespace vq::rows {

// Per-call constants of one LayerNorm.
struct LayerNormParams {
  const int32_t* gain = nullptr;   // per channel, |m| < 2^31
  int shift = 0;
  const int64_t* offset = nullptr;  // per channel, in 2^-shift output steps
  int64_t q = 127;                  // outputs clamp to ±q
  bool simd = false;                // AVX2 (only where layerNormFitsAvx2)
};

// Whether the AVX2 path's 64-bit intermediates stay within ±2^62 (its shift trick) for rows of C values
// with these gains and offsets: true for any real LayerNorm; a hostile model takes the plain loop.
bool layerNormFitsAvx2(int64_t C, const LayerNormParams& p);

void layerNorm(const int8_t* x, int8_t* out, int64_t C, const LayerNormParams& p);
void layerNorm(const int8_t* x, int16_t* out, int64_t C, const LayerNormParams& p);
void layerNorm(const int16_t* x, int8_t* out, int64_t C, const LayerNormParams& p);
void layerNorm(const int16_t* x, int16_t* out, int64_t C, const LayerNormParams& p);

}  // namespace vq::rows
