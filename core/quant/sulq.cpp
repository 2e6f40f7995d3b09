#include "core/quant/sulq.h"

#include "core/util/error.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <limits>

namespace vq {
namespace {

torch::Tensor roundSte(const torch::Tensor& x) { return x + (torch::round(x) - x).detach(); }

double step(const SulqParams& p) {
  const double span = std::max(p.hi - p.lo, 1e-12);
  return p.levels == SulqLevels::Code ? span / std::ldexp(1.0, p.bits) : span / (std::ldexp(1.0, p.bits) - 1.0);
}

}  // namespace

SulqLevels sulqLevelsByName(const std::string& name) {
  if (name == "code") return SulqLevels::Code;
  if (name == "paper") return SulqLevels::Paper;
  usageError("unknown SULQ levels '" + name + "' (known: code, paper)");
}

const char* sulqLevelsName(SulqLevels levels) { return levels == SulqLevels::Code ? "code" : "paper"; }

const std::vector<double>& sulqEtaGrid() {
  static const std::vector<double> grid{0.001, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.1, 0.2, 0.5, 1.0};
  return grid;
}

int64_t sulqMaxCode(const SulqParams& p) {
  return p.levels == SulqLevels::Code ? (int64_t{1} << p.bits) : (int64_t{1} << p.bits) - 1;
}

torch::Tensor sulqCodes(const torch::Tensor& x, const SulqParams& p) {
  const auto y = torch::log2(x.to(torch::kFloat64).clamp_min(0.0) + p.eta);
  return torch::round((y - p.lo) / step(p)).clamp(0, static_cast<double>(sulqMaxCode(p))).to(torch::kInt64);
}

torch::Tensor sulqDequantize(const torch::Tensor& codes, const SulqParams& p) {
  const auto e = torch::round(codes.to(torch::kFloat64) * step(p) + p.lo);
  return (torch::pow(2.0, e) - p.eta).to(torch::kFloat32);
}

SulqParams sulqSearch(const torch::Tensor& input, int bits, SulqLevels levels, const std::vector<double>& etas) {
  if (bits < 2 || bits > 8) usageError("SULQ bits must be 2..8, got " + std::to_string(bits));
  if (etas.empty()) usageError("SULQ needs at least one η candidate");
  torch::NoGradGuard noGrad;
  const auto x = input.detach().to(torch::kFloat64).flatten().clamp_min(0.0);
  double bestErr = std::numeric_limits<double>::infinity();
  SulqParams best;
  for (double eta : etas) {
    SulqParams p{bits, SulqLevels::Paper, eta, 0, 0};
    const auto y = torch::log2(x + eta);
    p.lo = y.min().item<double>();
    p.hi = y.max().item<double>();
    const double err = (x - sulqDequantize(sulqCodes(x, p), p).to(torch::kFloat64)).pow(2).mean().item<double>();
    if (err < bestErr) bestErr = err, best = p;
  }
  best.levels = levels;
  return best;
}

SulqQuantizer::SulqQuantizer(SulqParams params) : params_(params) {
  spec_.bits = params.bits;
  spec_.scheme = QuantScheme::Log2;  // the nearest table entry (non-negative inputs, power-of-two levels)
}

torch::Tensor SulqQuantizer::apply(const torch::Tensor& x) {
  const auto y = torch::log2(x.clamp_min(0.0) + params_.eta);
  const auto k = roundSte((y - params_.lo) / step(params_)).clamp(0.0, static_cast<double>(sulqMaxCode(params_)));
  return torch::pow(2.0, roundSte(k * step(params_) + params_.lo)) - params_.eta;
}

nlohmann::json SulqQuantizer::toJson() const {
  return {{"type", "sulq"},       {"bits", params_.bits}, {"levels", sulqLevelsName(params_.levels)},
          {"eta", params_.eta},   {"lo", params_.lo},     {"hi", params_.hi}};
}

}  // namespace vq
