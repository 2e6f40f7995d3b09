#include "core/quant/calibration.h"

#include "core/util/error.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>

namespace vq {
namespace {

constexpr float kMinScale = 1e-8f;

// Scale and zero-point (scalars) of a uniform quantizer covering [lo, hi]. Symmetric: the larger
// magnitude. Asymmetric: as minMaxParams (asymmetricParams), widened to contain 0 or not as the spec says.
std::pair<double, double> rangeParams(const QuantizerSpec& spec, double lo, double hi) {
  if (spec.scheme == QuantScheme::UniformSymmetric) {
    const double s = std::max(std::max(std::abs(lo), std::abs(hi)) / static_cast<double>(codeMax(spec)), double{kMinScale});
    return {s, 0.0};
  }
  const auto [s, z] = asymmetricParams(spec, torch::tensor(lo, torch::kFloat64), torch::tensor(hi, torch::kFloat64));
  return {s.item<double>(), z.item<double>()};
}

double fakeQuantMse(const torch::Tensor& x, const QuantizerSpec& spec, double s, double z) {
  const double lo = static_cast<double>(codeMin(spec)), hi = static_cast<double>(codeMax(spec));
  const auto q = ((torch::round(x / s) + z).clamp(lo, hi) - z) * s;
  return (x - q).pow(2).mean().item<double>();
}

// Runs `search` on the whole tensor or on each channel and assembles broadcastable parameters.
template <typename SearchOne>
QuantParams searchPerGranularity(const torch::Tensor& input, const QuantizerSpec& spec, SearchOne search) {
  checkSpec(spec, input);
  if (spec.scheme == QuantScheme::Log2) usageError("range searches apply to uniform quantizers, not log2");
  if (spec.granularity == Granularity::PerToken) usageError("range searches are per tensor or per channel");
  torch::NoGradGuard noGrad;
  const auto x = input.detach().to(torch::kFloat32);
  QuantParams p;
  p.spec = spec;
  if (spec.granularity == Granularity::PerTensor) {
    const auto [s, z] = search(x.flatten());
    p.scale = torch::full({}, s, torch::kFloat32);
    p.zeroPoint = torch::full({}, z, torch::kFloat32);
    return p;
  }
  const int64_t axis = spec.axis < 0 ? spec.axis + x.dim() : spec.axis;
  const auto channels = x.movedim(axis, 0).reshape({x.size(axis), -1});
  std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
  shape[static_cast<size_t>(axis)] = x.size(axis);
  p.scale = torch::empty({x.size(axis)});
  p.zeroPoint = torch::empty({x.size(axis)});
  for (int64_t c = 0; c < channels.size(0); ++c) {
    const auto [s, z] = search(channels[c]);
    p.scale[c] = s;
    p.zeroPoint[c] = z;
  }
  p.scale = p.scale.view(shape);
  p.zeroPoint = p.zeroPoint.view(shape);
  return p;
}

}  // namespace

const std::vector<double>& activationPercentiles() {
  static const std::vector<double> p{0.999, 0.9999, 0.99999};
  return p;
}

const std::vector<double>& weightPercentiles() {
  static const std::vector<double> p{0.97, 0.98, 0.99, 0.995, 0.9995, 0.9997, 0.9999, 0.99995, 0.99999};
  return p;
}

double quantileLinear(const torch::Tensor& x, double q) {
  const auto flat = x.detach().flatten().to(torch::kFloat64);
  const int64_t n = flat.numel();
  if (n == 0) usageError("quantile of an empty tensor");
  const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(n - 1);
  const auto lower = static_cast<int64_t>(std::floor(pos));
  const double frac = pos - static_cast<double>(lower);
  // kthvalue is 1-based and avoids sorting the whole tensor.
  const double a = std::get<0>(flat.kthvalue(lower + 1)).item<double>();
  if (frac == 0.0 || lower + 1 >= n) return a;
  const double b = std::get<0>(flat.kthvalue(lower + 2)).item<double>();
  return a + frac * (b - a);
}

QuantParams percentileSearch(const torch::Tensor& x, const QuantizerSpec& spec, const std::vector<double>& candidates) {
  if (candidates.empty()) usageError("percentile search needs at least one candidate");
  return searchPerGranularity(x, spec, [&](const torch::Tensor& v) {
    double bestErr = std::numeric_limits<double>::infinity();
    std::pair<double, double> best{1.0, 0.0};
    const auto magnitude = v.abs();
    for (double p : candidates) {
      const auto params = spec.scheme == QuantScheme::UniformSymmetric
                              ? rangeParams(spec, 0.0, quantileLinear(magnitude, p))
                              : rangeParams(spec, quantileLinear(v, 1.0 - p), quantileLinear(v, p));
      const double err = fakeQuantMse(v, spec, params.first, params.second);
      if (err < bestErr) bestErr = err, best = params;
    }
    return best;
  });
}

QuantParams mseSearch(const torch::Tensor& x, const QuantizerSpec& spec, int steps) {
  if (steps < 1) usageError("MSE search needs at least one step");
  return searchPerGranularity(x, spec, [&](const torch::Tensor& v) {
    // Shrinks towards 0 when the range contains it (or must), towards the range's centre otherwise.
    double lo = v.min().item<double>(), hi = v.max().item<double>();
    if (spec.rangeIncludesZero || spec.scheme == QuantScheme::UniformSymmetric) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
    const double centre = lo <= 0.0 && hi >= 0.0 ? 0.0 : 0.5 * (lo + hi);
    double bestErr = std::numeric_limits<double>::infinity();
    std::pair<double, double> best{1.0, 0.0};
    for (int i = steps; i >= 1; --i) {
      const double f = static_cast<double>(i) / static_cast<double>(steps);
      const auto params = rangeParams(spec, centre + (lo - centre) * f, centre + (hi - centre) * f);
      const double err = fakeQuantMse(v, spec, params.first, params.second);
      if (err < bestErr) bestErr = err, best = params;
    }
    return best;
  });
}

}  // namespace vq
