#include "core/quant/irm_quantizer.h"

#include "core/quant/quant_json.h"
#include "core/util/error.h"

#include <torch/torch.h>

namespace vq {
namespace {

// The values the module rectifies: the site's values without the attention's query scale.
torch::Tensor unscaled(const torch::Tensor& x, double postScale) { return postScale == 1.0 ? x : x / postScale; }
torch::Tensor rescaled(const torch::Tensor& y, double postScale) { return postScale == 1.0 ? y : y * postScale; }

// Samples as [H, rows, head_dim] in float64.
torch::Tensor perHeadSamples(const torch::Tensor& x, double postScale) {
  if (x.dim() != 2 && x.dim() != 3) usageError("calibration IRM samples must be [rows, head_dim] or [heads, rows, head_dim]");
  const auto u = unscaled(x.detach(), postScale).to(torch::kFloat64);
  return x.dim() == 2 ? u.unsqueeze(0) : u;
}

// Calibration statistics per head and channel, [H, 1, head_dim]; std includes ε.
std::pair<torch::Tensor, torch::Tensor> calibrationStatistics(const torch::Tensor& samples, double eps) {
  const auto mean = samples.mean(1, true);
  const auto var = (samples - mean).pow(2).mean(1, true);
  return {mean, (var + eps).sqrt()};
}

torch::Tensor f32(const torch::Tensor& t) { return t.to(torch::kFloat32).contiguous(); }

}  // namespace

IrmParams fitIrm(const torch::Tensor& x, const IrmSetup& setup) {
  torch::NoGradGuard noGrad;
  IrmParams p{setup.statistics, {}, {}, {}, {}, setup.eps, setup.postScale};
  if (setup.statistics == IrmStatistics::Calibration) {
    // The standardisation is affine per channel here, so the least-squares inverse is exact: γ = σ, β = μ.
    auto [mean, std] = calibrationStatistics(perHeadSamples(x, setup.postScale), setup.eps);
    p.mean = f32(mean), p.std = f32(std), p.gamma = f32(std), p.beta = f32(mean);
    return p;
  }
  // Token statistics: γ, β are shared by the heads, so every row of every head counts alike.
  const auto rows = unscaled(x.detach(), setup.postScale).to(torch::kFloat64).reshape({-1, x.size(-1)});
  const auto z = torch::layer_norm(rows, {rows.size(-1)}, {}, {}, setup.eps);
  const auto zMean = z.mean(0), xMean = rows.mean(0);
  const auto zc = z - zMean;
  // γ_c = cov(x_c, z_c) / var(z_c), β_c = mean(x_c) − γ_c·mean(z_c); a constant channel keeps γ = 1.
  const auto var = (zc * zc).mean(0);
  auto gamma = ((rows - xMean) * zc).mean(0) / var.clamp_min(1e-12);
  gamma = torch::where(var > 1e-12, gamma, torch::ones_like(gamma));
  p.gamma = f32(gamma);
  p.beta = f32(xMean - gamma * zMean);
  return p;
}

IrmParams identityIrm(const torch::Tensor& x, const IrmSetup& setup) {
  auto p = fitIrm(x, setup);
  p.gamma = torch::ones_like(p.gamma);
  p.beta = torch::zeros_like(p.beta);
  return p;
}

torch::Tensor rectify(const torch::Tensor& x, const IrmParams& p) {
  const auto u = unscaled(x, p.postScale);
  if (p.statistics == IrmStatistics::Token) return rescaled(torch::layer_norm(u, {u.size(-1)}, p.gamma, p.beta, p.eps), p.postScale);
  return rescaled(p.gamma * ((u - p.mean) / p.std) + p.beta, p.postScale);
}

const char* irmStatisticsName(IrmStatistics s) { return s == IrmStatistics::Token ? "token" : "calibration"; }

IrmStatistics irmStatisticsByName(const std::string& name) {
  for (auto s : {IrmStatistics::Token, IrmStatistics::Calibration})
    if (name == irmStatisticsName(s)) return s;
  usageError("unknown IRM statistics '" + name + "' (known: token, calibration)");
}

IrmQuantizer::IrmQuantizer(IrmParams irm, std::shared_ptr<StaticQuantizer> inner) : irm_(std::move(irm)), inner_(std::move(inner)) {}

std::vector<torch::Tensor> IrmQuantizer::trainable() {
  auto out = inner_->trainable();
  if (learning_) {
    out.push_back(irm_.gamma);
    out.push_back(irm_.beta);
  }
  return out;
}

void IrmQuantizer::learn() {
  irm_.gamma = irm_.gamma.detach().clone().requires_grad_(true);
  irm_.beta = irm_.beta.detach().clone().requires_grad_(true);
  learning_ = true;
}

void IrmQuantizer::freeze() {
  irm_.gamma = irm_.gamma.detach();
  irm_.beta = irm_.beta.detach();
  learning_ = false;
}

nlohmann::json IrmQuantizer::toJson() const {
  nlohmann::json j = {{"type", "irm"},
                      {"statistics", irmStatisticsName(irm_.statistics)},
                      {"shape", irm_.gamma.sizes().vec()},
                      {"gamma", floatValues(irm_.gamma)},
                      {"beta", floatValues(irm_.beta)},
                      {"eps", irm_.eps},
                      {"post_scale", irm_.postScale},
                      {"quantizer", inner_->toJson()}};
  if (irm_.statistics == IrmStatistics::Calibration) {
    j["mean"] = floatValues(irm_.mean);
    j["std"] = floatValues(irm_.std);
  }
  return j;
}

}  // namespace vq
