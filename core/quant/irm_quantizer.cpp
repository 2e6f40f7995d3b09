#include "core/quant/irm_quantizer.h"

#include "core/quant/quant_json.h"

#include <torch/torch.h>

namespace vq {
namespace {

torch::Tensor standardise(const torch::Tensor& x, double eps) { return torch::layer_norm(x, {x.size(-1)}, {}, {}, eps); }

}  // namespace

IrmParams fitIrm(const torch::Tensor& x, double eps) {
  torch::NoGradGuard noGrad;
  const auto rows = x.detach().reshape({-1, x.size(-1)}).to(torch::kFloat64);
  const auto z = standardise(rows, eps);
  const auto zMean = z.mean(0), xMean = rows.mean(0);
  const auto zc = z - zMean;
  // γ_c = cov(x_c, z_c) / var(z_c), β_c = mean(x_c) − γ_c·mean(z_c); a constant channel keeps γ = 1.
  const auto var = (zc * zc).mean(0);
  auto gamma = ((rows - xMean) * zc).mean(0) / var.clamp_min(1e-12);
  gamma = torch::where(var > 1e-12, gamma, torch::ones_like(gamma));
  const auto beta = xMean - gamma * zMean;
  return {gamma.to(torch::kFloat32), beta.to(torch::kFloat32), eps};
}

IrmParams identityIrm(int64_t headDim, double eps) { return {torch::ones({headDim}), torch::zeros({headDim}), eps}; }

torch::Tensor rectify(const torch::Tensor& x, const IrmParams& p) { return torch::layer_norm(x, {x.size(-1)}, p.gamma, p.beta, p.eps); }

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
  return {{"type", "irm"}, {"gamma", floatValues(irm_.gamma)}, {"beta", floatValues(irm_.beta)}, {"eps", irm_.eps}, {"quantizer", inner_->toJson()}};
}

}  // namespace vq
