#include "core/integer/int_ops.h"

#include <torch/torch.h>

namespace vq::intops {

torch::Tensor shiftExp2(const torch::Tensor& x) {
  const auto t = (-x).clamp(0, int64_t{kExpRange} << kExpFracBits);  // −x ≥ 0, clipped at R
  const auto whole = torch::bitwise_right_shift(t, kExpFracBits);
  const auto frac = torch::bitwise_and(t, (int64_t{1} << kExpFracBits) - 1);
  const auto mantissa = (int64_t{1} << kExpFracBits) - torch::bitwise_right_shift(frac, 1);  // 2^−f ≈ 1 − f/2
  return torch::bitwise_right_shift(mantissa * (int64_t{1} << kExpRange), whole);
}

torch::Tensor isqrt(const torch::Tensor& v) {
  // Bit length of v, then 2^ceil(bits/2) ≥ sqrt(v) as the start: Newton's integer iteration decreases
  // monotonically from above and stops at ⌊sqrt(v)⌋.
  auto bits = torch::zeros_like(v);
  for (int step = 32; step >= 1; step /= 2) {
    const auto above = torch::bitwise_right_shift(v, bits + step).gt(0);
    bits = bits + above.to(torch::kInt64) * step;
  }
  bits = bits + v.gt(0).to(torch::kInt64);  // bit length = index of the top bit + 1
  auto y = torch::bitwise_left_shift(torch::ones_like(v), torch::bitwise_right_shift(bits + 1, 1));
  const auto safe = v.gt(0);
  y = torch::where(safe, y, torch::ones_like(y));
  while (true) {
    const auto next = torch::bitwise_right_shift(y + torch::div(v, y, "floor"), 1);
    const auto smaller = next.lt(y).logical_and(safe);  // zeros stay at 1 (no division by zero)
    if (!smaller.any().item<bool>()) break;
    y = torch::where(smaller, next, y);
  }
  return torch::where(safe, y, torch::zeros_like(y));
}

torch::Tensor roundDiv(const torch::Tensor& a, const torch::Tensor& b) {
  return torch::div(a + torch::bitwise_right_shift(b, 1), b, "floor");
}

namespace {

// ⌊2^46 / d⌋ · e, rounded to 2^-8 steps: I-ViT's IntDiv.
torch::Tensor divideTo8Bits(const torch::Tensor& e, const torch::Tensor& d) {
  const auto factor = torch::div(torch::full_like(d, int64_t{1} << kDivBits), d, "floor");
  return roundShift(e * factor, kDivBits - kProbBits);
}

}  // namespace

torch::Tensor shiftmax(const torch::Tensor& logits, const Dyadic& toLog2) {
  const auto z = applyDyadic(logits, toLog2);
  const auto e = shiftExp2(z - std::get<0>(z.max(-1, /*keepdim=*/true)));
  return divideTo8Bits(e, e.sum(-1, /*keepdim=*/true)).clamp_max((int64_t{1} << kProbBits) - 1);
}

torch::Tensor shiftSigmoid(const torch::Tensor& x, const Dyadic& toLog2) {
  // σ(z) = 2^(z−m) / (2^(z−m) + 2^(−m)) with m = max(z, 0): both exponents ≤ 0.
  const auto z = applyDyadic(x, toLog2);
  const auto m = z.clamp_min(0);
  const auto e1 = shiftExp2(z - m), e2 = shiftExp2(-m);
  return divideTo8Bits(e1, e1 + e2);
}

torch::Tensor shiftGelu(const torch::Tensor& x, const Dyadic& toLog2) { return x.to(torch::kInt64) * shiftSigmoid(x, toLog2); }

torch::Tensor normalizeRows(const torch::Tensor& x) {
  const auto xi = x.to(torch::kInt64);
  const auto C = torch::full({1}, xi.size(-1), torch::kInt64);
  const auto centred = xi - roundDiv(xi.sum(-1, /*keepdim=*/true), C);
  const auto stdev = isqrt((centred * centred).sum(-1, /*keepdim=*/true));
  // ⌊2^31 / std⌋, then (y · f) >> 16 = y / std in 2^-15 steps; a constant row (std 0) normalises to 0.
  const auto factor = torch::where(stdev.gt(0), torch::div(torch::full_like(stdev, int64_t{1} << 31), stdev.clamp_min(1), "floor"),
                                   torch::zeros_like(stdev));
  return roundShift(centred * factor, 31 - kNormBits);
}

}  // namespace vq::intops
