#include "core/quant/site_statistics.h"

#include "core/data/preprocess.h"

#include <torch/torch.h>

#include <algorithm>

namespace vq {

torch::Tensor channelRows(const torch::Tensor& x, int64_t axis) {
  return x.movedim(axis, -1).reshape({-1, x.size(axis)});
}

SiteStatistics::SiteStatistics(std::vector<int> sites, int64_t expectedImages, int64_t sampleBudget, uint64_t seed)
    : expectedImages_(std::max<int64_t>(1, expectedImages)), sampleBudget_(sampleBudget), seed_(seed) {
  for (int s : sites) {
    if (s >= static_cast<int>(watched_.size())) watched_.resize(static_cast<size_t>(s) + 1, false);
    watched_[static_cast<size_t>(s)] = true;
  }
}

torch::Tensor SiteStatistics::onSite(const SiteInfo& site, const torch::Tensor& input) {
  if (site.id >= static_cast<int>(watched_.size()) || !watched_[static_cast<size_t>(site.id)]) return input;
  torch::NoGradGuard noGrad;
  const auto x = input.detach().to(torch::kFloat32);
  auto& st = stats_[site.id];
  if (site.kind == SiteKind::Weight) {
    if (!st.weight.defined()) st.weight = x.clone();
    return input;
  }
  const int64_t axis = site.channelAxis < 0 ? site.channelAxis + x.dim() : site.channelAxis;
  const auto rows = channelRows(x, axis);
  const auto lo = std::get<0>(rows.min(0)), hi = std::get<0>(rows.max(0));
  if (!st.channelMin.defined()) {
    st.rank = x.dim();
    st.channelAxis = axis;
    st.channelMin = lo.clone();
    st.channelMax = hi.clone();
    // Every image gives the same number of rows at a site: the rate follows from the first batch.
    const double rowsPerImage = static_cast<double>(rows.size(0)) / static_cast<double>(std::max<int64_t>(1, x.size(0)));
    const double expectedValues = rowsPerImage * static_cast<double>(expectedImages_) * static_cast<double>(rows.size(1));
    st.keep = std::min(1.0, static_cast<double>(sampleBudget_) / expectedValues);
    st.gen = makeGenerator(seed_ * 1000003u + static_cast<uint64_t>(site.id));
  } else {
    st.channelMin = torch::minimum(st.channelMin, lo);
    st.channelMax = torch::maximum(st.channelMax, hi);
  }
  if (st.keep >= 1.0) {
    st.rows.push_back(rows.clone());
  } else {
    const auto pick = torch::rand({rows.size(0)}, st.gen).lt(st.keep).nonzero().flatten();
    if (pick.numel() > 0) st.rows.push_back(rows.index_select(0, pick));
  }
  return input;
}

torch::Tensor SiteStatistics::sample(int site) const {
  const auto& st = stats_.at(site);
  if (st.rows.empty()) return torch::stack({st.channelMin, st.channelMax});  // at least the extremes
  return torch::cat(st.rows, 0);
}

}  // namespace vq
