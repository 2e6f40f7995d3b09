#pragma once
// How well uniform, log2 and SULQ quantizers fit post-Softmax values (I&S-ViT's Fig. 2/3): for each
// quantizer and bit width, the de-quantised levels, how many values land on each, the mean squared
// error, and the share that falls on the "floor" level — the level for the smallest values (uniform:
// 0, log2: its last code 2^b − 1, SULQ: code 0), where log2 piles up most attention probabilities.
#include "core/model/zoo.h"
#include "core/util/progress.h"

#include <torch/types.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vq {

struct FitCurve {
  std::string quantizer;  // "uniform", "log2", "sulq"
  int bits = 0;
  double mse = 0;
  double floorFraction = 0;
  std::vector<double> levels;        // ascending
  std::vector<int64_t> levelCounts;  // values per level
};

struct QuantizerFit {
  std::string site;
  int64_t sampled = 0;
  double min = 0, max = 0;
  std::vector<double> logEdges;  // log10-spaced bin edges from the smallest positive value to the max
  std::vector<int64_t> logCounts;
  int64_t zeros = 0;             // exact zeros (below every log bin)
  std::vector<FitCurve> curves;  // every quantizer × bits 2..8
};

// `values` are non-negative (post-Softmax); `bins` log bins.
QuantizerFit fitSoftmaxQuantizers(const torch::Tensor& values, const std::string& site, int bins = 60);

// The post-Softmax sites of a model, in forward order.
std::vector<std::string> softmaxSites(const VisionModel& model);

// Samples `site` (a post-Softmax site) on `images` in the float model and fits every quantizer; throws
// vq::Error(Usage) listing the model's post-Softmax sites when `site` is not one of them.
QuantizerFit fitSoftmaxSite(const LoadedModel& model, const torch::Tensor& images, const std::string& site, uint64_t seed,
                            const ProgressFn& progress = {}, const CancelToken& cancel = {});

nlohmann::json toJson(const QuantizerFit& fit);

}  // namespace vq
