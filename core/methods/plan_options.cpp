#include "core/methods/plan_options.h"

#include "core/quant/quant_json.h"

#include <sstream>

namespace vq {
namespace {

std::vector<std::string> splitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ','))
    if (!part.empty()) parts.push_back(part);
  return parts;
}

bool matchesAny(const std::string& name, const std::vector<std::string>& patterns) {
  for (const auto& p : patterns)
    if (name.find(p) != std::string::npos) return true;
  return false;
}

}  // namespace

void readZeroPointOptions(MethodOptions& options, const PlanDefaults& defaults, QuantizerSpec& spec) {
  spec.rangeIncludesZero = options.getBool("range_includes_zero", defaults.rangeIncludesZero,
                                           "widen every asymmetric range to contain 0 (off: keep the measured range, all its levels)");
  spec.clampZeroPoint = options.getBool("clamp_zero_point", defaults.clampZeroPoint,
                                        "store zero-points in the code range, as b-bit hardware must (matters only with range_includes_zero=off)");
}

std::vector<SitePlan> planFromOptions(MethodOptions& options, const VisionModel& model, int wbits, int abits, RangeMethod weightRange,
                                      RangeMethod actRange, const PlanDefaults& defaults) {
  const auto keepFloat = splitCommas(options.getString("keep_float", "", "comma-separated name fragments of sites that stay float, e.g. softmax,head"));
  const bool quantizeImage = options.getBool("quantize_image", false, "also quantize the image entering the first layer");
  const auto weightGranularity = granularityByName(options.getChoice("weight_granularity", "per_channel", {"per_channel", "per_tensor"},
                                                                                  "one weight step per output channel, or one per tensor"));
  const auto actGranularity = granularityByName(options.getChoice("act_granularity", "per_tensor", {"per_tensor", "per_token"},
                                                                               "one activation range per tensor, or dynamic ranges per token"));
  auto softmax = options.getChoice("softmax_quantizer", defaults.softmaxQuantizer, {"uniform", "uniform_asym", "log2", "sulq"},
                                     "quantizer of the post-Softmax values (sulq: I&S-ViT's shift-uniform-log2)");
  if (softmax == "uniform") softmax = "uniform_asym";
  const auto sulqLevels = sulqLevelsByName(options.getChoice("sulq_levels", "code", {"code", "paper"},
                                                                   "SULQ levels: 2^b+1 as the official code, or 2^b as the paper"));
  const bool full = options.getBool("full", false, "full quantization: also the inputs of every Softmax and LayerNorm/GroupNorm, per tensor");
  QuantizerSpec zeroPoint;
  readZeroPointOptions(options, defaults, zeroPoint);

  auto plan = basicPlan(model, wbits, abits, weightRange, actRange);
  const int image = imageInputSite(model);
  if (quantizeImage && image >= 0) {
    SitePlan p;
    p.site = image;
    p.spec = {QuantScheme::UniformAsymmetric, abits};
    p.range = actRange;
    plan.insert(plan.begin(), p);
  }
  if (full) {
    for (const auto& s : model.sites().sites()) {
      if (s.kind != SiteKind::NormInput && s.kind != SiteKind::SoftmaxInput) continue;
      SitePlan p;
      p.site = s.id;
      p.spec = {QuantScheme::UniformAsymmetric, abits};
      p.range = actRange;
      plan.push_back(p);
    }
  }
  std::vector<SitePlan> shaped;
  for (auto p : plan) {
    const auto& site = model.sites().sites()[static_cast<size_t>(p.site)];
    if (matchesAny(site.name, keepFloat)) continue;
    if (site.kind == SiteKind::Weight) {
      p.spec.granularity = weightGranularity;
    } else {
      p.spec.granularity = actGranularity;
      if (site.kind == SiteKind::NormInput || site.kind == SiteKind::SoftmaxInput) p.spec.granularity = Granularity::PerTensor;
      if (site.kind == SiteKind::SoftmaxOutput) {
        // Softmax outputs are probabilities: one range for the whole tensor, whatever act_granularity says.
        p.spec.granularity = Granularity::PerTensor;
        p.sulq = softmax == "sulq";
        p.sulqLevels = sulqLevels;
        if (!p.sulq) p.spec.scheme = schemeByName(softmax);
      }
    }
    p.spec.rangeIncludesZero = zeroPoint.rangeIncludesZero;
    p.spec.clampZeroPoint = zeroPoint.clampZeroPoint;
    shaped.push_back(p);
  }
  return shaped;
}

}  // namespace vq
