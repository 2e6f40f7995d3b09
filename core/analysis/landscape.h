#pragma once
// The loss landscape around calibrated post-LayerNorm quantizers (I&S-ViT's Fig. 4): only one block's
// post-LayerNorm inputs (attn.qkv and mlp.fc1) are quantized, layer-wise or channel-wise, and the task
// loss (cross-entropy on labelled images) is swept as their steps move along one or two random
// directions: s(α, β) = s₀ ⊙ (1 + α·d₁ + β·d₂), each direction of unit RMS. Channel-wise directions
// have one entry per channel, layer-wise ones one per tensor.
#include "core/model/zoo.h"
#include "core/util/progress.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vq {

struct LandscapeOptions {
  int block = 0;          // index among the model's transformer blocks
  bool channelWise = false;
  int bits = 4;
  int grid = 21;          // points per axis
  bool twoD = false;
  double radius = 0.5;    // α, β ∈ [−radius, radius]
  uint64_t seed = 0;
};

struct Landscape {
  std::string block;
  std::vector<std::string> sites;
  std::vector<double> axis;                 // the α (and β) values
  std::vector<std::vector<double>> loss;    // [β][α] (one row for 1-D)
  double fpLoss = 0, centerLoss = 0;
  int64_t images = 0;  // the labelled images every point was measured on
  double seconds = 0;
};

// Transformer blocks (units holding a LayerNorm → Linear pair), in forward order.
std::vector<std::string> landscapeBlocks(const VisionModel& model);

Landscape lossLandscape(const LoadedModel& fp, const torch::Tensor& images, const torch::Tensor& labels, const LandscapeOptions& options,
                        const ProgressFn& progress = {}, const CancelToken& cancel = {});

nlohmann::json toJson(const Landscape& landscape);

}  // namespace vq
