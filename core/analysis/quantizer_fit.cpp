#include "core/analysis/quantizer_fit.h"

#include "core/analysis/observe.h"
#include "core/util/error.h"
#include "core/quant/quantizer.h"
#include "core/quant/sulq.h"

#include <torch/torch.h>

#include <cmath>

namespace vq {
namespace {

std::vector<double> toVector(const torch::Tensor& t) {
  const auto d = t.detach().to(torch::kFloat64).contiguous().flatten();
  return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

// Levels (ascending), counts per level and error for codes of one quantizer.
FitCurve curveFrom(const std::string& name, int bits, const torch::Tensor& codes, const torch::Tensor& allCodes,
                   const torch::Tensor& levelsOfAllCodes, int64_t floorCode) {
  FitCurve c;
  c.quantizer = name;
  c.bits = bits;
  const auto counts = torch::bincount(codes.flatten() - allCodes.min(), {}, allCodes.numel());
  const auto order = levelsOfAllCodes.argsort();
  c.levels = toVector(levelsOfAllCodes.index_select(0, order));
  for (double v : toVector(counts.index_select(0, order))) c.levelCounts.push_back(static_cast<int64_t>(v));
  c.floorFraction = codes.eq(floorCode).to(torch::kFloat64).mean().item<double>();
  return c;
}

}  // namespace

QuantizerFit fitSoftmaxQuantizers(const torch::Tensor& input, const std::string& site, int bins) {
  torch::NoGradGuard noGrad;
  const auto x = input.detach().to(torch::kFloat32).flatten().clamp_min(0.0);
  QuantizerFit fit;
  fit.site = site;
  fit.sampled = x.numel();
  fit.min = x.min().item<double>();
  fit.max = x.max().item<double>();
  const auto positive = x.masked_select(x > 0);
  fit.zeros = x.numel() - positive.numel();
  if (positive.numel() > 0) {
    const double lo = std::log10(positive.min().item<double>()), hi = std::log10(std::max(fit.max, 1e-30));
    const double width = hi > lo ? hi - lo : 1.0;
    const auto counts = torch::histc(torch::log10(positive.to(torch::kFloat64)), bins, lo, lo + width);
    for (int b = 0; b <= bins; ++b) fit.logEdges.push_back(std::pow(10.0, lo + width * b / bins));
    for (double v : toVector(counts)) fit.logCounts.push_back(static_cast<int64_t>(v));
  }
  for (int bits = 2; bits <= 8; ++bits) {
    const auto codeRange = torch::arange(0, int64_t{1} << bits, torch::kLong);
    {
      const auto p = minMaxParams(x, {QuantScheme::UniformAsymmetric, bits});
      const auto codes = quantizeCodes(x, p);
      auto c = curveFrom("uniform", bits, codes, codeRange, dequantizeCodes(codeRange, p).to(torch::kFloat64), 0);
      c.mse = (x - dequantizeCodes(codes, p)).pow(2).mean().item<double>();
      fit.curves.push_back(c);
    }
    {
      const auto p = minMaxParams(x, {QuantScheme::Log2, bits});
      const auto codes = quantizeCodes(x, p);
      auto c = curveFrom("log2", bits, codes, codeRange, dequantizeCodes(codeRange, p).to(torch::kFloat64), (int64_t{1} << bits) - 1);
      c.mse = (x - dequantizeCodes(codes, p)).pow(2).mean().item<double>();
      fit.curves.push_back(c);
    }
    {
      const auto p = sulqSearch(x, bits, SulqLevels::Paper);
      const auto codes = sulqCodes(x, p);
      const auto sulqRange = torch::arange(0, sulqMaxCode(p) + 1, torch::kLong);
      auto c = curveFrom("sulq", bits, codes, sulqRange, sulqDequantize(sulqRange, p).to(torch::kFloat64), 0);
      c.mse = (x - sulqDequantize(codes, p)).pow(2).mean().item<double>();
      fit.curves.push_back(c);
    }
  }
  return fit;
}

std::vector<std::string> softmaxSites(const VisionModel& model) {
  std::vector<std::string> out;
  for (const auto& s : model.sites().sites())
    if (s.kind == SiteKind::SoftmaxOutput) out.push_back(s.name);
  return out;
}

QuantizerFit fitSoftmaxSite(const LoadedModel& model, const torch::Tensor& images, const std::string& site, uint64_t seed,
                            const ProgressFn& progress, const CancelToken& cancel) {
  const auto* info = model.model->sites().find(site);
  if (!info || info->kind != SiteKind::SoftmaxOutput) {
    std::string known;
    for (const auto& name : softmaxSites(*model.model)) known += (known.empty() ? "" : ", ") + name;
    usageError("'" + site + "' is not a post-Softmax site of this model (sites: " + known + ")");
  }
  // 4M values: enough for the rarest levels of an 8-bit grid, small enough to fit in a second.
  const auto stats = observeFloatSites(model, images, {info->id}, int64_t{1} << 22, seed, progress, cancel);
  return fitSoftmaxQuantizers(stats->sample(info->id), site);
}

nlohmann::json toJson(const QuantizerFit& f) {
  nlohmann::json curves = nlohmann::json::array();
  for (const auto& c : f.curves)
    curves.push_back({{"quantizer", c.quantizer}, {"bits", c.bits}, {"mse", c.mse}, {"floor_fraction", c.floorFraction},
                      {"levels", c.levels}, {"level_counts", c.levelCounts}});
  return {{"site", f.site}, {"sampled", f.sampled}, {"min", f.min}, {"max", f.max}, {"zeros", f.zeros},
          {"log_edges", f.logEdges}, {"log_counts", f.logCounts}, {"curves", curves}};
}

}  // namespace vq
