#pragma once
// Range calibration beyond min-max: the percentile grid search of I&S-ViT (docs/design/methods.md §1.3) and a
// shrinking-range MSE search. Both return parameters for the quantizers in quantizer.h.
#include "core/quant/quantizer.h"

#include <vector>

namespace vq {

// I&S-ViT's candidate percentiles (§1.3): activations and weights.
const std::vector<double>& activationPercentiles();
const std::vector<double>& weightPercentiles();

// torch.quantile's default ("linear"): the value at position q·(n-1) of the sorted values, interpolated.
double quantileLinear(const torch::Tensor& x, double q);

// For every candidate p: range [quantile(1-p), quantile(p)] (symmetric: [-quantile(|x|, p), +…]); keeps the
// range whose fake-quantised x has the lowest mean squared error. Per-channel specs search each channel.
QuantParams percentileSearch(const torch::Tensor& x, const QuantizerSpec& spec, const std::vector<double>& candidates);

// Shrinks the min-max range by factors 1, 1-1/steps, …, 1/steps and keeps the lowest-MSE one (per channel
// for per-channel specs). Uniform schemes only.
QuantParams mseSearch(const torch::Tensor& x, const QuantizerSpec& spec, int steps = 100);

}  // namespace vq
