#include "core/analysis/zero_point.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <map>

namespace vq {
namespace {

// Running per-channel minimum and maximum of every activation site.
class ChannelRanges : public SiteHook {
public:
  torch::Tensor onSite(const SiteInfo& site, const torch::Tensor& x) override {
    if (site.kind != SiteKind::LinearInput && site.kind != SiteKind::MatmulOperand && site.kind != SiteKind::SoftmaxOutput) return x;
    const int64_t axis = site.channelAxis < 0 ? x.dim() + site.channelAxis : site.channelAxis;
    const auto rows = x.detach().movedim(axis, 0).reshape({x.size(axis), -1});
    const auto lo = std::get<0>(rows.min(1)), hi = std::get<0>(rows.max(1));
    auto& r = ranges[site.id];
    r.first = r.first.defined() ? torch::minimum(r.first, lo) : lo;
    r.second = r.second.defined() ? torch::maximum(r.second, hi) : hi;
    return x;
  }
  std::map<int, std::pair<torch::Tensor, torch::Tensor>> ranges;  // site → (min, max) per channel
};

}  // namespace

std::vector<ZeroPointOverflow> zeroPointOverflow(VisionModel& model, const torch::Tensor& images, int bits, int64_t batchSize) {
  torch::NoGradGuard noGrad;
  ChannelRanges observer;
  {
    ScopedSiteHook scoped(model.sites(), &observer);
    for (int64_t s = 0; s < images.size(0); s += batchSize) model.forward(images.narrow(0, s, std::min(batchSize, images.size(0) - s)));
  }
  const double levels = std::pow(2.0, bits) - 1;
  std::vector<ZeroPointOverflow> out;
  for (const auto& [id, range] : observer.ranges) {
    const auto& site = model.sites().sites()[static_cast<size_t>(id)];
    const auto lo = range.first.to(torch::kFloat64), hi = range.second.to(torch::kFloat64);
    const auto width = (hi - lo).clamp_min(1e-12);
    // Codes the zero-point would have to move past the code range: round(min/s) for a positive channel,
    // round(−max/s) for a negative one, 0 otherwise; at most the whole range (a constant channel, such as
    // the attention over a single patch, would otherwise ask for any number).
    const auto beyond = torch::round(torch::where(lo > 0, lo, torch::where(hi < 0, -hi, torch::zeros_like(lo))) / (width / levels)).clamp_max(levels);
    ZeroPointOverflow z;
    z.site = site.name;
    z.kind = siteKindName(site.kind);
    z.channels = lo.numel();
    z.clamped = (beyond > 0).sum().item<int64_t>();
    z.worstCodes = beyond.max().item<double>();
    z.worstLostShare = std::min(1.0, z.worstCodes / levels);
    const double tlo = lo.min().item<double>(), thi = hi.max().item<double>();
    z.tensorClamped = tlo > 0 || thi < 0;
    out.push_back(z);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const double fa = static_cast<double>(a.clamped) / std::max<int64_t>(a.channels, 1), fb = static_cast<double>(b.clamped) / std::max<int64_t>(b.channels, 1);
    return fa != fb ? fa > fb : a.worstCodes > b.worstCodes;
  });
  return out;
}

nlohmann::json toJson(const std::vector<ZeroPointOverflow>& sites, int bits) {
  auto list = nlohmann::json::array();
  for (const auto& z : sites)
    list.push_back({{"site", z.site},
                    {"kind", z.kind},
                    {"channels", z.channels},
                    {"clamped_channels", z.clamped},
                    {"worst_overflow_codes", z.worstCodes},
                    {"worst_lost_share", z.worstLostShare},
                    {"per_tensor_clamps", z.tensorClamped}});
  return {{"bits", bits}, {"convention", "asymmetric, signed codes, zero-point stored in the same bits"}, {"sites", list}};
}

}  // namespace vq
