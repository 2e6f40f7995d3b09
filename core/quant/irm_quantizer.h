#pragma once
// Q-ViT's Information Rectification Module (methods.md §2.3) in front of a query or key quantizer:
// each token's head vector is standardised over head_dim and given a learnable affine (γ, β shared by
// the heads, as the released code's LayerNorm(head_dim)), then quantized. Quantization squeezes the
// variance of q and k, and with it the entropy of their codes; the learnable re-normalisation lets
// training spread the values over the whole grid again.
#include "core/quant/site_quantizer.h"

namespace vq {

struct IrmParams {
  torch::Tensor gamma, beta;  // [head_dim]
  double eps = 1e-5;
};

// The affine that best maps standardised x back to x (least squares, per channel of the last axis):
// with it the module starts as close to the float q/k as a per-token standardisation allows, which
// matters when training is short (the released code starts from γ = 1, β = 0 and trains 300 epochs).
IrmParams fitIrm(const torch::Tensor& x, double eps = 1e-5);
// γ = 1, β = 0: the released code's start.
IrmParams identityIrm(int64_t headDim, double eps = 1e-5);

// layer_norm(x, last axis, γ, β, ε).
torch::Tensor rectify(const torch::Tensor& x, const IrmParams& p);

class IrmQuantizer : public SiteQuantizer {
public:
  IrmQuantizer(IrmParams irm, std::shared_ptr<StaticQuantizer> inner);
  torch::Tensor apply(const torch::Tensor& x) override { return inner_->apply(rectify(x, irm_)); }
  const QuantizerSpec& spec() const override { return inner_->spec(); }
  // γ and β (when learning) and whatever the inner quantizer learns.
  std::vector<torch::Tensor> trainable() override;
  nlohmann::json toJson() const override;

  void learn();   // γ, β become leaves with gradients
  void freeze();  // detaches them again
  const IrmParams& irm() const { return irm_; }
  const std::shared_ptr<StaticQuantizer>& inner() const { return inner_; }

private:
  IrmParams irm_;
  std::shared_ptr<StaticQuantizer> inner_;
  bool learning_ = false;
};

}  // namespace vq
