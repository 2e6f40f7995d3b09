#include "core/train/training_steps.h"

#include "core/data/preprocess.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace vq {

Batch augmentedBatch(const Dataset& data, const std::vector<int64_t>& indices, const PretrainedCfg& cfg, int64_t cropPad, bool hflip,
                     torch::Generator& gen) {
  auto raw = data.rawBatch(indices);
  const bool rgb = raw.dim() == 4;
  if (rgb) raw = raw.permute({0, 3, 1, 2});
  raw = randomCropFlip(raw, cropPad, gen, hflip);
  if (rgb) raw = raw.permute({0, 2, 3, 1}).contiguous();
  return {preprocessBatch(raw, cfg, data.spec()), data.labels().index_select(0, torch::tensor(indices, torch::kInt64))};
}

double cosineLearningRate(double lr, double minRatio, int64_t step, int64_t totalSteps, int64_t warmupSteps) {
  if (step < warmupSteps) return lr * static_cast<double>(step + 1) / static_cast<double>(warmupSteps);
  const double t = static_cast<double>(step - warmupSteps) / static_cast<double>(std::max<int64_t>(1, totalSteps - warmupSteps));
  const double minLr = lr * minRatio;
  return minLr + 0.5 * (lr - minLr) * (1.0 + std::cos(M_PI * std::min(1.0, t)));
}

}  // namespace vq
