#include "core/data/calibration_sample.h"

#include "core/data/preprocess.h"

#include <torch/torch.h>

namespace vq {

std::string calibrationDataSpec(const std::string& data) {
  if (data == "fashion-mnist" || data == "fashion-mnist:test") return "fashion-mnist:train";
  return data;
}

Batch calibrationBatch(const Dataset& data, int64_t n, const PretrainedCfg& cfg, uint64_t seed) {
  auto gen = makeGenerator(seed);
  const auto perm = torch::randperm(data.size(), gen, torch::kLong).narrow(0, 0, std::min(n, data.size()));
  std::vector<int64_t> indices(perm.data_ptr<int64_t>(), perm.data_ptr<int64_t>() + perm.numel());
  return data.batch(indices, cfg);
}

torch::Tensor calibrationImages(const Dataset& data, int64_t n, const PretrainedCfg& cfg, uint64_t seed) {
  return calibrationBatch(data, n, cfg, seed).images;
}

}  // namespace vq
