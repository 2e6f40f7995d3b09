#pragma once
// Small seeded models for engine tests: fast to run, real architectures.
#include "core/model/zoo.h"

#include <torch/torch.h>

// A random `architecture` with a square input of `side` pixels and 10 classes, in eval mode, seed 0.
// `args` are timm model_args (img_size is added).
inline vq::LoadedModel tinyModel(const std::string& architecture, int64_t side, nlohmann::json args) {
  auto cfg = vq::defaultConfig(architecture);
  args["img_size"] = side;
  cfg.modelArgs = std::move(args);
  cfg.numClasses = 10;
  cfg.pretrained.inputSize = {3, side, side};
  torch::manual_seed(0);
  vq::LoadedModel m{cfg, vq::createModel(cfg, "tiny " + architecture), "tiny", "", nullptr};
  m.model->eval();
  return m;
}

inline vq::LoadedModel tinyDeit(int64_t side = 32, int64_t patch = 8, int64_t dim = 48, int64_t depth = 2) {
  return tinyModel("deit_tiny_patch16_224", side, {{"patch_size", patch}, {"embed_dim", dim}, {"depth", depth}, {"num_heads", 2}});
}
