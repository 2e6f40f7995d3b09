#pragma once
// SULQ, I&S-ViT's shift-uniform-log2 quantizer for post-Softmax values (docs/design/methods.md §1.4): a uniform
// quantizer on log2(x + η), de-quantised through a rounded power of two so that inference can shift:
//   k = clamp(⌊(log2(x + η) − lo) / d⌉, 0, kmax),   x̂ = 2^⌊k·d + lo⌉ − η
// η comes from a grid search (minimum MSE), lo/hi are the log-domain range of the calibration values.
// Two level counts exist: the official code's forward uses d = (hi − lo)/2^b and kmax = 2^b (2^b + 1
// levels; its tables were produced that way), the paper's b-bit form d = (hi − lo)/(2^b − 1), kmax = 2^b − 1.
#include "core/quant/site_quantizer.h"

#include <string>
#include <vector>

namespace vq {

enum class SulqLevels { Code, Paper };

// Throws vq::Error(Usage) for a name other than "code" / "paper".
SulqLevels sulqLevelsByName(const std::string& name);
const char* sulqLevelsName(SulqLevels levels);

struct SulqParams {
  int bits = 3;
  SulqLevels levels = SulqLevels::Code;
  double eta = 0.01;
  double lo = 0, hi = 0;  // log2 range of x + η on the calibration values
};

// I&S-ViT's η candidates.
const std::vector<double>& sulqEtaGrid();

// Picks η (and the log-domain range) with the lowest mean squared error on x (x >= 0). As in the
// official code, the search always measures with 2^b − 1 steps whatever `levels` the forward uses.
SulqParams sulqSearch(const torch::Tensor& x, int bits, SulqLevels levels, const std::vector<double>& etas = sulqEtaGrid());

int64_t sulqMaxCode(const SulqParams& p);
torch::Tensor sulqCodes(const torch::Tensor& x, const SulqParams& p);       // int64 k
torch::Tensor sulqDequantize(const torch::Tensor& codes, const SulqParams& p);

class SulqQuantizer : public SiteQuantizer {
public:
  explicit SulqQuantizer(SulqParams params);
  // Straight-through on both rounds; log2 and the power stay differentiable (η and the range are frozen).
  torch::Tensor apply(const torch::Tensor& x) override;
  const QuantizerSpec& spec() const override { return spec_; }
  nlohmann::json toJson() const override;
  const SulqParams& params() const { return params_; }

private:
  SulqParams params_;
  QuantizerSpec spec_;
};

}  // namespace vq
