#pragma once
// Q-ViT's Information Rectification Module (docs/design/methods.md §2.3) in front of a query or key quantizer:
// q and k are re-normalised by a learnable affine, then quantized. Quantization squeezes the variance
// of q and k, and with it the entropy of their codes; the learnable re-normalisation lets training
// spread the values over the whole grid again.
//
// The paper leaves open over which axes μ(q), σ(q) are taken, so both readings are here:
//   token        each token's head vector is standardised over head_dim (the released code's
//                LayerNorm(head_dim)); γ, β [head_dim] are shared by the heads. It cannot start as the
//                identity: the per-token mean and norm are lost.
//   calibration  μ, σ per head and channel are measured once over the calibration images and kept
//                fixed; γ, β [H, 1, head_dim] learn. With γ = σ, β = μ it starts as the identity.
//
// The model taps q already multiplied by the attention's 1/√d (layers.h: queryScale). The released code
// scales after its LayerNorm, which would otherwise cancel it, so the module undoes the factor, rectifies,
// and re-applies it (`postScale`; 1 for keys).
#include "core/quant/site_quantizer.h"

namespace vq {

enum class IrmStatistics { Token, Calibration };

struct IrmParams {
  IrmStatistics statistics = IrmStatistics::Token;
  torch::Tensor gamma, beta;  // learnable: [head_dim] (token) or [H, 1, head_dim] (calibration)
  torch::Tensor mean, std;    // calibration only: fixed statistics, shaped as gamma (std includes ε)
  double eps = 1e-5;
  double postScale = 1.0;
};

struct IrmSetup {
  IrmStatistics statistics = IrmStatistics::Token;
  double postScale = 1.0;
  double eps = 1e-5;
};

// `x` holds samples of the site's values, [H, rows, head_dim] (or [rows, head_dim] for one head).
// fitIrm: the affine that best maps the standardised values back to x (least squares, per channel): with
// it the module starts as close to the float q/k as its statistics allow, exactly for `calibration`, which
// matters when training is short (the released code starts from γ = 1, β = 0 and trains 300 epochs).
IrmParams fitIrm(const torch::Tensor& x, const IrmSetup& setup = {});
// γ = 1, β = 0: the released code's start (with token statistics); its output is the bare standardisation.
IrmParams identityIrm(const torch::Tensor& x, const IrmSetup& setup = {});

// The module's output on the site's values (any shape whose last three axes are [H, N, head_dim]).
torch::Tensor rectify(const torch::Tensor& x, const IrmParams& p);

const char* irmStatisticsName(IrmStatistics s);
// Throws vq::Error(Usage) for an unknown name.
IrmStatistics irmStatisticsByName(const std::string& name);

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
