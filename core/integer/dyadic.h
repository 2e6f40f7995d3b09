#pragma once
// Dyadic numbers m / 2^shift: how I-ViT turns every ratio of two scales into integer arithmetic
// (docs/design/methods.md §4.3). A requantisation multiplies an integer accumulator by m and shifts right with
// rounding, all in int64, so no float touches the data path once a model is converted.
#include <torch/types.h>

#include <cstdint>
#include <string>

namespace vq {

struct Dyadic {
  torch::Tensor m;  // int64 [channels] (or [1] for one ratio): signed, |m| < 2^31
  int shift = 0;    // one shift for all channels, 0..62

  // The closest dyadic to each ratio with one shared shift chosen so the largest |m| has 31 bits:
  // channels with small ratios keep fewer bits, which costs < 2^-20 relative error in practice.
  // Throws vq::Error(Input) naming `what` when a ratio is not finite or >= 2^31.
  // `maxShift` caps the shift (callers that add an offset in the same units use it to bound that offset).
  static Dyadic of(const torch::Tensor& ratios, const std::string& what, int maxShift = 62);
  static Dyadic of(double ratio, const std::string& what);

  torch::Tensor value() const;  // m / 2^shift as float64, for reports and tests
};

// round(v · m / 2^shift) with ties towards +inf: (v·m + 2^(shift−1)) >> shift on int64, m broadcast over
// the last dimension. |v| must stay below 2^31 so the product fits in 63 bits.
torch::Tensor applyDyadic(const torch::Tensor& v, const Dyadic& d);

// Clamps to the symmetric signed range ±(2^(bits−1) − 1) (−128 is never produced: that keeps the fast
// engine's 8-bit products free of saturation).
torch::Tensor clampSigned(const torch::Tensor& v, int bits);

// Arithmetic right shift with rounding (ties towards +inf) of an int64 tensor; shift 0 is identity.
torch::Tensor roundShift(const torch::Tensor& v, int shift);

}  // namespace vq
