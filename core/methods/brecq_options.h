#pragma once
// The options of BRECQ-style reconstruction, shared by `brecq` and the methods built on it (`modcap`).
#include "core/methods/method_options.h"
#include "core/quant/calibrate.h"
#include "core/quant/reconstruction.h"

namespace vq {

struct BrecqSettings {
  ReconstructionOptions reconstruction;
  RangeMethod initRange = RangeMethod::Percentile;
};

BrecqSettings readBrecqOptions(MethodOptions& options, uint64_t seed);

// Percentile (or init_range) calibration of `plan`, then unit-group reconstruction; progress 0–10 % / 10–100 %.
std::vector<UnitReport> calibrateAndReconstruct(const LoadedModel& fp, QuantizedModel& qm, const std::vector<SitePlan>& plan,
                                                const torch::Tensor& images, const std::vector<UnitGroup>& groups,
                                                const BrecqSettings& settings, uint64_t seed, const ProgressFn& progress,
                                                const CancelToken& cancel);

}  // namespace vq
