#include "core/eval/predict.h"

#include "core/data/image.h"
#include "core/data/preprocess.h"

#include <torch/torch.h>

namespace vq {

std::vector<ClassScore> topClasses(const torch::Tensor& logitsRow, const ModelConfig& cfg, int64_t topk) {
  const auto probs = torch::softmax(logitsRow.to(torch::kFloat64), 0);
  const auto [values, indices] = probs.topk(std::min<int64_t>(topk, probs.size(0)));
  std::vector<ClassScore> out;
  for (int64_t i = 0; i < values.size(0); ++i) {
    ClassScore s;
    s.index = indices[i].item<int64_t>();
    s.probability = values[i].item<double>();
    s.label = s.index < static_cast<int64_t>(cfg.pretrained.labelNames.size()) ? cfg.pretrained.labelNames[static_cast<size_t>(s.index)]
                                                                                : std::to_string(s.index);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<ImagePrediction> predictImages(VisionModel& model, const ModelConfig& cfg, const std::vector<std::string>& images,
                                           int64_t topk) {
  std::vector<torch::Tensor> inputs;
  for (const auto& path : images) inputs.push_back(preprocessImage(readImage(path), cfg.pretrained, path));
  c10::InferenceMode inference;
  const auto logits = model.forward(torch::stack(inputs));
  std::vector<ImagePrediction> out;
  for (size_t i = 0; i < images.size(); ++i) out.push_back({images[i], topClasses(logits[static_cast<int64_t>(i)], cfg, topk)});
  return out;
}

}  // namespace vq
