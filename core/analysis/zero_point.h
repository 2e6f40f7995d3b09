#pragma once
// Q-HyViT's zero-point overflow (docs/design/methods.md §3.2 C2): with asymmetric quantization on signed b-bit
// codes [−2^(b−1), 2^(b−1)−1], a channel's zero-point is zp = q_min − round(min/s), s = (max−min)/(2^b−1).
// A channel that is entirely positive (min > 0) needs zp < q_min, and one entirely negative zp > q_max;
// hardware stores zp in the same b bits, so it clamps, and the grid no longer covers the channel: the top
// `min` of a positive channel (the bottom of a negative one) is lost. Bridge blocks, where feature maps
// turn into tokens, are where such channels appear. This measures it per activation site on float data.
#include "core/model/model.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace vq {

struct ZeroPointOverflow {
  std::string site, kind;
  int64_t channels = 0, clamped = 0;  // per-channel quantization: channels whose zero-point clamps
  double worstCodes = 0;              // largest distance (codes) from the wanted zero-point to the clamped one
  double worstLostShare = 0;          // largest share of a channel's [min, max] no longer representable (≤ 1)
  bool tensorClamped = false;         // per-tensor quantization clamps too (the whole tensor is one-signed)
};

// Per activation site (layer inputs and matmul operands) over `images`, float model; worst first.
std::vector<ZeroPointOverflow> zeroPointOverflow(VisionModel& model, const torch::Tensor& images, int bits, int64_t batchSize = 64);

nlohmann::json toJson(const std::vector<ZeroPointOverflow>& sites, int bits);

}  // namespace vq
