#pragma once
// One site's histogram with its quantizer's levels: plain data (no LibTorch) that the studio draws.
#include <cstdint>
#include <string>
#include <vector>

namespace vq {

struct SiteHistogram {
  std::string site, kind;
  double min = 0, max = 0;            // over every value seen (not only the sample)
  std::vector<double> edges;          // bins + 1
  std::vector<int64_t> counts;        // bins
  int64_t sampled = 0;                // values in the histogram
  // The site's quantizer, if any: its de-quantised levels (per-channel quantizers: the channel with the
  // widest range, `levelsChannel`) and the range it keeps; values outside are clipped.
  std::vector<double> levels;
  int64_t levelsChannel = -1;
  double clipLow = 0, clipHigh = 0;
  std::string quantizer;              // "uniform_asym 4-bit per_tensor", "" when float
  std::vector<double> channelMin, channelMax;  // per channel (norm outputs: the inter-channel variation)
};

}  // namespace vq
