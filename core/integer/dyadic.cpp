#include "core/integer/dyadic.h"

#include "core/util/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace vq {

Dyadic Dyadic::of(const torch::Tensor& ratios, const std::string& what, int maxShift) {
  const auto r = ratios.to(torch::kFloat64).contiguous().reshape({-1});
  if (!torch::isfinite(r).all().item<bool>()) inputError(what, "a scale ratio is not finite");
  const double largest = r.numel() ? r.abs().max().item<double>() : 0.0;
  Dyadic d;
  if (largest >= std::ldexp(1.0, 31)) inputError(what, "a scale ratio is too large for 31-bit dyadic arithmetic");
  if (largest == 0.0) {
    d.m = torch::zeros({r.numel()}, torch::kInt64);
    return d;
  }
  int exponent = 0;
  std::frexp(largest, &exponent);  // largest = f · 2^exponent, f in [0.5, 1)
  d.shift = std::clamp(31 - exponent, 0, std::clamp(maxShift, 0, 62));
  d.m = torch::round(r * std::ldexp(1.0, d.shift)).to(torch::kInt64);
  return d;
}

Dyadic Dyadic::of(double ratio, const std::string& what) { return of(torch::tensor({ratio}, torch::kFloat64), what); }

torch::Tensor Dyadic::value() const { return m.to(torch::kFloat64) / std::ldexp(1.0, shift); }

torch::Tensor roundShift(const torch::Tensor& v, int shift) {
  if (shift == 0) return v;
  return torch::bitwise_right_shift(v + (int64_t{1} << (shift - 1)), shift);
}

torch::Tensor applyDyadic(const torch::Tensor& v, const Dyadic& d) { return roundShift(v.to(torch::kInt64) * d.m, d.shift); }

torch::Tensor clampSigned(const torch::Tensor& v, int bits) {
  const int64_t q = (int64_t{1} << (bits - 1)) - 1;
  return v.clamp(-q, q);
}

}  // namespace vq
