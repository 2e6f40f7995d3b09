#include "core/quant/site_quantizer.h"

#include "core/quant/quant_json.h"

#include <torch/torch.h>

#include <cmath>

namespace vq {
namespace {

torch::Tensor roundSte(const torch::Tensor& x) { return x + (torch::round(x) - x).detach(); }

// Forward value `t`, gradient multiplied by g (LSQ's step-size gradient scale).
torch::Tensor gradScale(const torch::Tensor& t, double g) { return (t - t * g).detach() + t * g; }

constexpr double kZeta = 1.1, kGamma = -0.1;  // AdaRound's rectified-sigmoid stretch

torch::Tensor rectifiedSigmoid(const torch::Tensor& v) { return (torch::sigmoid(v) * (kZeta - kGamma) + kGamma).clamp(0.0, 1.0); }

}  // namespace

// ---------------------------------------------------------------- static
torch::Tensor StaticQuantizer::apply(const torch::Tensor& x) {
  if (!learning_) return fakeQuantize(x, params_);
  const double lo = static_cast<double>(codeMin(params_.spec)), hi = static_cast<double>(codeMax(params_.spec));
  const double perStep = static_cast<double>(x.numel()) / static_cast<double>(params_.scale.numel());
  const double g = 1.0 / std::sqrt(perStep * hi);
  const auto s = gradScale(params_.scale, g);
  const auto z = learningOffset_ ? roundSte(gradScale(params_.zeroPoint, g)) : params_.zeroPoint;
  const auto codes = (roundSte(x / s) + z).clamp(lo, hi);
  return (codes - z) * s;
}

std::vector<torch::Tensor> StaticQuantizer::trainable() {
  if (!learning_) return {};
  if (learningOffset_) return {params_.scale, params_.zeroPoint};
  return {params_.scale};
}

void StaticQuantizer::learnStep(bool offset) {
  assert(params_.spec.scheme != QuantScheme::Log2);
  params_.scale = params_.scale.detach().clone().requires_grad_(true);
  if (offset) params_.zeroPoint = params_.zeroPoint.detach().clone().requires_grad_(true);
  learning_ = true;
  learningOffset_ = offset;
}

void StaticQuantizer::freeze() {
  // A learned step may have wandered to zero or below; keep the grid usable. The offset snaps to the
  // integer the forward pass has been using.
  params_.scale = params_.scale.detach().clamp_min(1e-8);
  params_.zeroPoint = torch::round(params_.zeroPoint.detach());
  learning_ = learningOffset_ = false;
}

nlohmann::json StaticQuantizer::toJson() const {
  if (!learning_) return staticQuantizerJson(params_);
  // Mid-training (a QAT checkpoint): what freeze() would leave.
  QuantParams frozen = params_;
  frozen.scale = params_.scale.detach().clamp_min(1e-8);
  frozen.zeroPoint = torch::round(params_.zeroPoint.detach());
  return staticQuantizerJson(frozen);
}

nlohmann::json DynamicQuantizer::toJson() const { return dynamicQuantizerJson(spec_); }

// ---------------------------------------------------------------- AdaRound
AdaRoundQuantizer::AdaRoundQuantizer(const torch::Tensor& weight, QuantParams params) : params_(std::move(params)) {
  assert(params_.spec.scheme != QuantScheme::Log2);
  torch::NoGradGuard noGrad;
  const auto scaled = weight.detach() / params_.scale;
  floorCodes_ = torch::floor(scaled);
  const auto rest = (scaled - floorCodes_).clamp(1e-4, 1.0 - 1e-4);
  // h(V) = rest  ⇔  V = −log((ζ−γ)/(rest−γ) − 1)
  v_ = (-torch::log((kZeta - kGamma) / (rest - kGamma) - 1.0)).requires_grad_(true);
}

torch::Tensor AdaRoundQuantizer::softCodes() const {
  const double lo = static_cast<double>(codeMin(params_.spec)), hi = static_cast<double>(codeMax(params_.spec));
  return (floorCodes_ + rectifiedSigmoid(v_) + params_.zeroPoint).clamp(lo, hi);
}

torch::Tensor AdaRoundQuantizer::apply(const torch::Tensor&) { return (softCodes() - params_.zeroPoint) * params_.scale; }

torch::Tensor AdaRoundQuantizer::roundingLoss(double beta) const {
  return (1.0 - (2.0 * rectifiedSigmoid(v_) - 1.0).abs().pow(beta)).sum();
}

torch::Tensor AdaRoundQuantizer::hardenedWeight() const {
  torch::NoGradGuard noGrad;
  const double lo = static_cast<double>(codeMin(params_.spec)), hi = static_cast<double>(codeMax(params_.spec));
  const auto codes = (floorCodes_ + (v_ >= 0).to(torch::kFloat32) + params_.zeroPoint).clamp(lo, hi);
  return (codes - params_.zeroPoint) * params_.scale;
}

nlohmann::json AdaRoundQuantizer::toJson() const { return staticQuantizerJson(params_); }

}  // namespace vq
