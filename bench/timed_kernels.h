#pragma once
// Wraps an integer engine and adds up the wall time each kind of kernel takes, for the benchmark's
// "where the time goes" shares.
#include "core/integer/kernels.h"

#include <chrono>
#include <map>
#include <string>

namespace vq {

class TimedKernels : public IntKernels {
public:
  explicit TimedKernels(const IntKernels& inner) : inner_(inner) {}
  const char* name() const override { return inner_.name(); }

  torch::Tensor linear(const torch::Tensor& x, const IntLinear& layer) const override;
  torch::Tensor requantize(const torch::Tensor& acc, const Dyadic& d, int bits) const override;
  torch::Tensor addRequantized(const torch::Tensor& a, const Dyadic& da, const torch::Tensor& b, const Dyadic& db, int bits) const override;
  torch::Tensor layerNorm(const torch::Tensor& x, const Dyadic& gain, const torch::Tensor& offset, int bits) const override;
  torch::Tensor attentionLogits(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& bias) const override;
  torch::Tensor shiftmax(const torch::Tensor& logits, const Dyadic& toLog2) const override;
  torch::Tensor attentionContext(const torch::Tensor& probs, const torch::Tensor& v) const override;
  torch::Tensor gelu(const torch::Tensor& x, const Dyadic& toLog2, const Dyadic& out) const override;
  torch::Tensor attentionInputs(const torch::Tensor& x, const IntLinear& qkv, const Dyadic& dq, const Dyadic& dk, const Dyadic& dv,
                                int64_t heads) const override;
  torch::Tensor attentionCore(const torch::Tensor& qkv, const torch::Tensor& bias, const Dyadic& toLog2, const Dyadic& context) const override;
  torch::Tensor linearGelu(const torch::Tensor& x, const IntLinear& layer, const Dyadic& in, const Dyadic& toLog2,
                           const Dyadic& out) const override;
  torch::Tensor linearAddRequantized(const torch::Tensor& x, const IntLinear& layer, const Dyadic& dLayer, const torch::Tensor& identity,
                                     const Dyadic& dIdentity, int bits) const override;

  // Seconds per kind: matmul (Linear layers, with whatever the engine fuses into their epilogues: requantisation,
  // GELU, the residual add; and q·kᵀ, probabilities·v when run alone), attention (the fused attention core),
  // softmax, gelu, layernorm, requant (incl. residual adds) when run alone.
  const std::map<std::string, double>& seconds() const { return seconds_; }
  void reset() { seconds_.clear(); }

private:
  template <typename F>
  torch::Tensor timed(const char* kind, const F& f) const {
    const auto t0 = std::chrono::steady_clock::now();
    auto out = f();
    seconds_[kind] += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
  }

  const IntKernels& inner_;
  mutable std::map<std::string, double> seconds_;
};

}  // namespace vq
