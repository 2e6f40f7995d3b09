#pragma once
// How a model wants its images: input size, normalisation, resize crop and interpolation (timm's
// pretrained_cfg), and the names of its classes. A model folder's config.json carries it
// (core/model/config.h); every data set and preprocessing step reads it.
#include <cstdint>
#include <string>
#include <vector>

namespace vq {

struct PretrainedCfg {
  std::vector<int64_t> inputSize{3, 224, 224};  // C, H, W
  std::vector<double> mean{0.485, 0.456, 0.406};
  std::vector<double> std{0.229, 0.224, 0.225};
  double cropPct = 0.875;
  std::string interpolation = "bicubic";  // "bicubic" | "bilinear" | "nearest"
  std::vector<std::string> labelNames;    // optional
};

}  // namespace vq
