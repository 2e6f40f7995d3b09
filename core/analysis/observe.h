#pragma once
// Runs a model in float over images and records the chosen sites (site_statistics.h). A quantized model's
// quantizers are switched off for the pass and restored afterwards, so analyses always see float values.
#include "core/model/zoo.h"
#include "core/quant/site_statistics.h"
#include "core/util/progress.h"

#include <memory>
#include <vector>

namespace vq {

std::unique_ptr<SiteStatistics> observeFloatSites(const LoadedModel& model, const torch::Tensor& images, const std::vector<int>& sites,
                                                  int64_t sampleBudget, uint64_t seed, const ProgressFn& progress = {},
                                                  const CancelToken& cancel = {});

}  // namespace vq
