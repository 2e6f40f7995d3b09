#pragma once
// The images calibration and the analyses draw: a seeded sample without replacement of a data set's
// calibration split, so that a method and an analysis given the same seed see the same images.
#include "core/data/dataset.h"

#include <cstdint>
#include <string>

namespace vq {

// The data set calibration draws from: "fashion-mnist[:test]" → "fashion-mnist:train", others themselves.
std::string calibrationDataSpec(const std::string& data);

// `n` images drawn without replacement (seeded), preprocessed for `cfg` (with their labels: calibrationBatch).
torch::Tensor calibrationImages(const Dataset& data, int64_t n, const PretrainedCfg& cfg, uint64_t seed);
Batch calibrationBatch(const Dataset& data, int64_t n, const PretrainedCfg& cfg, uint64_t seed);

}  // namespace vq
