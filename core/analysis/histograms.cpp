#include "core/analysis/histograms.h"

#include "core/analysis/observe.h"
#include "core/quant/quant_json.h"
#include "core/quant/quant_model.h"
#include "core/quant/sulq.h"

#include <torch/torch.h>

#include <sstream>

namespace vq {
namespace {

std::vector<double> toVector(const torch::Tensor& t) {
  const auto d = t.detach().to(torch::kFloat64).contiguous().flatten();
  return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

// Levels of a static quantizer: for per-channel ones, those of the channel with the widest grid.
void describeQuantizer(SiteHistogram& h, const SiteQuantizer& q) {
  const auto& spec = q.spec();
  if (const auto* sulq = dynamic_cast<const SulqQuantizer*>(&q)) {
    const auto& p = sulq->params();
    h.quantizer = "sulq " + std::to_string(p.bits) + "-bit (" + sulqLevelsName(p.levels) + " levels)";
    const auto codes = torch::arange(0, sulqMaxCode(p) + 1, torch::kLong);
    h.levels = toVector(std::get<0>(sulqDequantize(codes, p).sort()));
    h.clipLow = h.levels.front();
    h.clipHigh = h.levels.back();
    return;
  }
  h.quantizer = std::string(schemeInfo(spec.scheme).name) + " " + std::to_string(spec.bits) + "-bit " + granularityName(spec.granularity);
  const auto* fixed = dynamic_cast<const StaticQuantizer*>(&q);
  if (!fixed) return;  // dynamic: ranges differ per token
  QuantParams p = fixed->params();
  const auto scale = p.scale.flatten(), zero = p.zeroPoint.flatten();
  int64_t c = 0;
  if (scale.numel() > 1) {
    c = scale.argmax().item<int64_t>();
    h.levelsChannel = c;
  }
  p.scale = scale[c].detach();
  p.zeroPoint = zero[c].detach();
  const auto codes = torch::arange(codeMin(spec), codeMax(spec) + 1, torch::kLong);
  const auto levels = std::get<0>(dequantizeCodes(codes, p).sort());
  h.levels = toVector(levels);
  h.clipLow = h.levels.front();
  h.clipHigh = h.levels.back();
}

}  // namespace

std::vector<SiteHistogram> siteHistograms(const LoadedModel& loaded, const torch::Tensor& images, const HistogramOptions& o,
                                          const ProgressFn& progress, const CancelToken& cancel) {
  auto& model = *loaded.model;
  auto* table = dynamic_cast<SiteQuantizers*>(model.sites().hook());
  std::vector<int> ids;
  for (const auto& s : model.sites().sites())
    if (o.match.empty() || s.name.find(o.match) != std::string::npos) ids.push_back(s.id);
  const auto observed = observeFloatSites(loaded, images, ids, o.sampleBudget, o.seed, progress, cancel);
  const auto& stats = *observed;
  std::vector<SiteHistogram> out;
  for (int id : ids) {
    if (!stats.has(id)) continue;
    const auto& site = model.sites().sites()[static_cast<size_t>(id)];
    const auto& st = stats.at(id);
    SiteHistogram h;
    h.site = site.name;
    h.kind = siteKindName(site.kind);
    torch::Tensor values;
    if (site.kind == SiteKind::Weight) {
      values = st.weight.flatten();
      h.min = values.min().item<double>();
      h.max = values.max().item<double>();
    } else {
      values = stats.sample(id).flatten();
      h.min = st.channelMin.min().item<double>();
      h.max = st.channelMax.max().item<double>();
      h.channelMin = toVector(st.channelMin);
      h.channelMax = toVector(st.channelMax);
    }
    if (table && table->get(id)) describeQuantizer(h, *table->get(id));
    // The binned range covers the values and the quantizer's range, so clipping shows.
    const double lo = std::min(h.min, h.levels.empty() ? h.min : h.clipLow);
    const double hi = std::max(h.max, h.levels.empty() ? h.max : h.clipHigh);
    const double width = hi > lo ? hi - lo : 1.0;
    const auto counts = torch::histc(values.to(torch::kFloat64), o.bins, lo, lo + width);
    for (int b = 0; b <= o.bins; ++b) h.edges.push_back(lo + width * b / o.bins);
    for (double c : toVector(counts)) h.counts.push_back(static_cast<int64_t>(c));
    h.sampled = values.numel();
    out.push_back(std::move(h));
  }
  return out;
}

nlohmann::json toJson(const std::vector<SiteHistogram>& hs) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& h : hs) {
    nlohmann::json j = {{"site", h.site},   {"kind", h.kind},     {"min", h.min},         {"max", h.max},
                        {"edges", h.edges}, {"counts", h.counts}, {"sampled", h.sampled}, {"quantizer", h.quantizer}};
    if (!h.levels.empty()) {
      j["levels"] = h.levels;
      j["levels_channel"] = h.levelsChannel;
      j["clip"] = {h.clipLow, h.clipHigh};
    }
    if (!h.channelMin.empty()) {
      j["channel_min"] = h.channelMin;
      j["channel_max"] = h.channelMax;
    }
    arr.push_back(j);
  }
  return {{"sites", arr}};
}

std::string toCsv(const std::vector<SiteHistogram>& hs) {
  std::ostringstream out;
  out.precision(9);
  out << "site,kind,bin_low,bin_high,count\n";
  for (const auto& h : hs)
    for (size_t b = 0; b < h.counts.size(); ++b) out << h.site << ',' << h.kind << ',' << h.edges[b] << ',' << h.edges[b + 1] << ',' << h.counts[b] << '\n';
  return out.str();
}

}  // namespace vq
