#pragma once
// Top-k predictions for image files, preprocessed with the model's pretrained_cfg.
#include "core/eval/prediction_data.h"
#include "core/model/model.h"

#include <string>
#include <vector>

namespace vq {

struct ImagePrediction {
  std::string image;
  std::vector<ClassScore> top;
};

// Throws vq::Error(Input) naming the first unreadable image.
std::vector<ImagePrediction> predictImages(VisionModel& model, const ModelConfig& cfg, const std::vector<std::string>& images,
                                           int64_t topk);

// Top-k of one row of logits (softmax probabilities).
std::vector<ClassScore> topClasses(const torch::Tensor& logitsRow, const ModelConfig& cfg, int64_t topk);

}  // namespace vq
