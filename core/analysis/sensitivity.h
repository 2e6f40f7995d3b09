#pragma once
// Which quantized sites cost most: each site is quantized alone ("enable one") on the same images and
// compared with the float model — the quantization error of the site's own tensor (SQNR, MSE, cosine)
// and what it does to the logits and to top-1.
#include "core/analysis/sensitivity_data.h"
#include "core/data/dataset.h"
#include "core/model/zoo.h"
#include "core/util/progress.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vq {

// `quantized` must carry quantizers (openModel of a quantized folder, or a method's result).
// Uses the first `limit` items of `data`.
SensitivityReport analyzeSensitivity(const LoadedModel& quantized, const Dataset& data, int64_t limit,
                                     const ProgressFn& progress = {}, const CancelToken& cancel = {});

nlohmann::json toJson(const SensitivityReport& report);

// 10·log10(Σx² / Σ(x−y)²), capped at 200 dB for identical tensors.
double sqnrDb(double signal, double noise);

}  // namespace vq
