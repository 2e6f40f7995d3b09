#pragma once
// Records what calibration needs from a forward pass over the calibration images: for each watched
// activation site its exact per-channel min/max and a seeded random sample of rows ([rows, C], the
// channel axis last) for percentile and MSE searches; for weight sites the weight itself.
#include "core/model/sites.h"

#include <ATen/core/Generator.h>

#include <cstdint>
#include <map>
#include <vector>

namespace vq {

class SiteStatistics : public SiteHook {
public:
  // `expectedImages`: how many images the pass will see (sets the sampling rate so that each site keeps
  // about `sampleBudget` values in total).
  SiteStatistics(std::vector<int> sites, int64_t expectedImages, int64_t sampleBudget, uint64_t seed);
  torch::Tensor onSite(const SiteInfo& site, const torch::Tensor& x) override;

  struct Stats {
    torch::Tensor channelMin, channelMax;  // [C]
    std::vector<torch::Tensor> rows;       // sampled [r, C] pieces
    torch::Tensor weight;                  // weight sites only
    int64_t rank = 0, channelAxis = 0;     // of the observed tensor (channelAxis normalised)
    double keep = 1.0;                     // row sampling probability
    at::Generator gen;                     // per site, so that watching more sites changes no other sample
  };
  bool has(int site) const { return stats_.count(site) > 0; }
  const Stats& at(int site) const { return stats_.at(site); }
  torch::Tensor sample(int site) const;  // [rows, C]

private:
  std::map<int, Stats> stats_;
  std::vector<bool> watched_;
  int64_t expectedImages_, sampleBudget_;
  uint64_t seed_;
};

// Moves `axis` last and flattens the rest: [rows, C].
torch::Tensor channelRows(const torch::Tensor& x, int64_t axis);

}  // namespace vq
