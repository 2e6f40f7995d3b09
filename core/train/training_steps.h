#pragma once
// Pieces every training loop here shares (from-scratch training and Q-ViT's QAT): the augmented batch
// and the learning-rate schedule.
#include "core/data/dataset.h"

#include <torch/types.h>

#include <vector>

namespace vq {

// Items `indices` of `data`, randomly cropped (zero padding `cropPad`) and optionally flipped, then
// preprocessed for `cfg`, with their labels.
Batch augmentedBatch(const Dataset& data, const std::vector<int64_t>& indices, const PretrainedCfg& cfg, int64_t cropPad, bool hflip,
                     torch::Generator& gen);

// Linear warm-up over `warmupSteps`, then cosine decay from `lr` to lr·minRatio at `totalSteps`.
double cosineLearningRate(double lr, double minRatio, int64_t step, int64_t totalSteps, int64_t warmupSteps);

}  // namespace vq
