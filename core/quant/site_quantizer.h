#pragma once
// The quantizer attached to one site of a quantized model. Three kinds:
//   StaticQuantizer   calibrated scale/zero-point (uniform or log2); optionally a learnable step (LSQ)
//   DynamicQuantizer  per-token ranges measured on every forward (no calibration)
//   AdaRoundQuantizer weights only: learned up/down rounding during reconstruction, then hardened
// Every kind fake-quantises with straight-through gradients, so the same objects serve evaluation,
// reconstruction and QAT.
#include "core/quant/quantizer.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <vector>

namespace vq {

class SiteQuantizer {
public:
  virtual ~SiteQuantizer() = default;
  virtual torch::Tensor apply(const torch::Tensor& x) = 0;
  virtual const QuantizerSpec& spec() const = 0;
  // Tensors an optimiser may update (empty when nothing is learnable).
  virtual std::vector<torch::Tensor> trainable() { return {}; }
  // What quant.json stores for this site; see quant_json.h.
  virtual nlohmann::json toJson() const = 0;
};

using SiteQuantizerPtr = std::shared_ptr<SiteQuantizer>;

class StaticQuantizer : public SiteQuantizer {
public:
  explicit StaticQuantizer(QuantParams params) : params_(std::move(params)) {}
  torch::Tensor apply(const torch::Tensor& x) override;
  const QuantizerSpec& spec() const override { return params_.spec; }
  std::vector<torch::Tensor> trainable() override;
  nlohmann::json toJson() const override;

  const QuantParams& params() const { return params_; }
  // LSQ: the step becomes a leaf with a gradient (scaled by 1/sqrt(elements per step · qmax), as
  // Esser et al.); with `offset` the zero-point learns too (LSQ+, Bhalgat et al.), through a rounding STE
  // so that it stays an integer grid position. Uniform schemes only. freeze() detaches both again.
  void learnStep(bool offset = false);
  void freeze();
  bool learning() const { return learning_; }

private:
  QuantParams params_;
  bool learning_ = false, learningOffset_ = false;
};

class DynamicQuantizer : public SiteQuantizer {
public:
  explicit DynamicQuantizer(QuantizerSpec spec) : spec_(spec) {}
  torch::Tensor apply(const torch::Tensor& x) override { return fakeQuantize(x, minMaxParams(x, spec_)); }
  const QuantizerSpec& spec() const override { return spec_; }
  nlohmann::json toJson() const override;

private:
  QuantizerSpec spec_;
};

// AdaRound (Nagel et al. 2020) on a uniform weight grid: w̃ = s·(clamp(⌊w/s⌋ + h(V) + z) − z) with the
// rectified sigmoid h; V starts where h(V) equals the fractional part, so the first forward is the float
// weight's nearest-grid neighbourhood.
class AdaRoundQuantizer : public SiteQuantizer {
public:
  AdaRoundQuantizer(const torch::Tensor& weight, QuantParams params);
  torch::Tensor apply(const torch::Tensor& x) override;
  const QuantizerSpec& spec() const override { return params_.spec; }
  std::vector<torch::Tensor> trainable() override { return {v_}; }
  nlohmann::json toJson() const override;

  // Σ(1 − |2h(V) − 1|^β), which pushes every h(V) to 0 or 1; the reconstruction weighs it by λ.
  torch::Tensor roundingLoss(double beta) const;
  // The weight with each element rounded the way V decided (h(V) >= 0.5 → up), de-quantised.
  torch::Tensor hardenedWeight() const;
  const QuantParams& params() const { return params_; }

private:
  torch::Tensor softCodes() const;
  torch::Tensor floorCodes_;  // ⌊w/s⌋, fixed
  torch::Tensor v_;
  QuantParams params_;
};

}  // namespace vq
