#pragma once
// Per-site histograms of float values with the quantizer's levels and clipping range on top: the data
// behind the studio's histogram view and `vitquant analyze histograms`. Values come from a float
// forward pass over the given images (a seeded sample of each site's tensor); weights are taken whole.
#include "core/model/zoo.h"
#include "core/util/progress.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vq {

struct SiteHistogram {
  std::string site, kind;
  double min = 0, max = 0;            // over every value seen (not only the sample)
  std::vector<double> edges;          // bins + 1
  std::vector<int64_t> counts;        // bins
  int64_t sampled = 0;                // values in the histogram
  // The site's quantizer, if any: its de-quantised levels (per-channel quantizers: the channel with the
  // widest range, `levelsChannel`) and the range it keeps; values outside are clipped.
  std::vector<double> levels;
  int64_t levelsChannel = -1;
  double clipLow = 0, clipHigh = 0;
  std::string quantizer;              // "uniform_asym 4-bit per_tensor", "" when float
  std::vector<double> channelMin, channelMax;  // per channel (norm outputs: the inter-channel variation)
};

struct HistogramOptions {
  int bins = 128;
  std::string match;   // only sites whose name contains this ("" = all)
  int64_t sampleBudget = 1 << 20;
  uint64_t seed = 0;
};

std::vector<SiteHistogram> siteHistograms(const LoadedModel& model, const torch::Tensor& images, const HistogramOptions& options,
                                          const ProgressFn& progress = {}, const CancelToken& cancel = {});

nlohmann::json toJson(const std::vector<SiteHistogram>& histograms);
// One row per bin: site,kind,bin_low,bin_high,count
std::string toCsv(const std::vector<SiteHistogram>& histograms);

}  // namespace vq
