#pragma once
// Per-site histograms of float values with the quantizer's levels and clipping range on top: the data
// behind the studio's histogram view and `vitquant analyze histograms`. Values come from a float
// forward pass over the given images (a seeded sample of each site's tensor); weights are taken whole.
#include "core/analysis/histogram_data.h"
#include "core/model/zoo.h"
#include "core/util/progress.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vq {

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
