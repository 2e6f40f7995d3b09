#include "core/quant/calibrate.h"

#include "core/quant/calibration.h"
#include "core/quant/site_statistics.h"
#include "core/util/error.h"

#include <torch/torch.h>

namespace vq {
namespace {

// The shape that broadcasts a per-channel [C] vector against a rank-`rank` tensor with channels at `axis`.
std::vector<int64_t> channelShape(int64_t channels, int64_t rank, int64_t axis) {
  std::vector<int64_t> shape(static_cast<size_t>(rank - axis), 1);
  shape[0] = channels;
  return shape;
}

QuantParams reshaped(QuantParams p, const std::vector<int64_t>& shape) {
  p.scale = p.scale.reshape(shape);
  p.zeroPoint = p.zeroPoint.reshape(shape);
  return p;
}

}  // namespace

RangeMethod rangeMethodByName(const std::string& name) {
  if (name == "minmax") return RangeMethod::MinMax;
  if (name == "percentile") return RangeMethod::Percentile;
  if (name == "mse") return RangeMethod::Mse;
  usageError("unknown range method '" + name + "' (known: minmax, percentile, mse)");
}

int imageInputSite(const VisionModel& model) {
  if (model.units().empty()) return -1;
  const auto& first = model.units().front().path;
  for (const auto& s : model.sites().sites())
    if (s.kind == SiteKind::LinearInput && (s.module == first || s.module.rfind(first + ".", 0) == 0)) return s.id;
  return -1;
}

std::vector<SitePlan> basicPlan(const VisionModel& model, int wbits, int abits, RangeMethod weightRange, RangeMethod actRange) {
  std::vector<SitePlan> plan;
  const int image = imageInputSite(model);
  for (const auto& s : model.sites().sites()) {
    if (s.id == image || !quantizedByDefault(s.kind)) continue;
    SitePlan p;
    p.site = s.id;
    p.spec.scheme = QuantScheme::UniformAsymmetric;
    if (s.kind == SiteKind::Weight) {
      p.spec.bits = wbits;
      p.spec.granularity = Granularity::PerChannel;
      p.spec.axis = 0;
      p.range = weightRange;
    } else {
      p.spec.bits = abits;
      p.range = actRange;
    }
    plan.push_back(p);
  }
  return plan;
}

namespace {

// Weight ranges come from the whole weight; activation ranges from the recorded [rows, C] sample, except
// min-max, which uses the exact extremes recorded over every image.
QuantParams weightParams(const SitePlan& plan, const torch::Tensor& weight) {
  if (plan.spec.scheme == QuantScheme::Log2 || plan.range == RangeMethod::MinMax) return minMaxParams(weight, plan.spec);
  if (plan.range == RangeMethod::Percentile) return percentileSearch(weight, plan.spec, weightPercentiles());
  return mseSearch(weight, plan.spec);
}

QuantParams activationParams(const SitePlan& plan, const torch::Tensor& sample, const torch::Tensor& channelMin, const torch::Tensor& channelMax) {
  if (plan.range == RangeMethod::MinMax) return minMaxParams(torch::stack({channelMin, channelMax}), plan.spec);
  if (plan.spec.scheme == QuantScheme::Log2) return minMaxParams(sample, plan.spec);
  if (plan.range == RangeMethod::Percentile) return percentileSearch(sample, plan.spec, activationPercentiles());
  return mseSearch(sample, plan.spec);
}

}  // namespace

void calibrate(QuantizedModel& qm, const std::vector<SitePlan>& plan, const torch::Tensor& images, const CalibrationOptions& options,
               const ProgressFn& progress, const CancelToken& cancel) {
  auto& model = qm.model();
  const auto& sites = model.sites().sites();
  std::vector<int> watched;
  for (const auto& p : plan)
    if (p.spec.granularity != Granularity::PerToken) watched.push_back(p.site);
  SiteStatistics stats(watched, images.size(0), options.sampleBudget, options.seed);
  {
    c10::InferenceMode inference;
    const bool wasEnabled = qm.quantizers->enabled;
    qm.quantizers->enabled = false;
    qm.quantizers->observer = &stats;
    try {
      for (int64_t first = 0; first < images.size(0); first += options.batchSize) {
        throwIfCancelled(cancel);
        model.forward(images.narrow(0, first, std::min(options.batchSize, images.size(0) - first)));
        if (progress)
          progress(0.5 * std::min(1.0, static_cast<double>(first + options.batchSize) / static_cast<double>(images.size(0))), "calibrating: statistics");
      }
    } catch (...) {
      qm.quantizers->observer = nullptr;
      qm.quantizers->enabled = wasEnabled;
      throw;
    }
    qm.quantizers->observer = nullptr;
    qm.quantizers->enabled = wasEnabled;
  }
  for (size_t i = 0; i < plan.size(); ++i) {
    throwIfCancelled(cancel);
    const auto& p = plan[i];
    const auto& site = sites.at(static_cast<size_t>(p.site));
    if (p.spec.granularity == Granularity::PerToken) {
      qm.quantizers->set(p.site, std::make_shared<DynamicQuantizer>(p.spec));
      continue;
    }
    if (!stats.has(p.site)) continue;  // never reached by a forward pass (e.g. an unused head): stays float
    const auto& st = stats.at(p.site);
    if (p.sulq) {
      qm.quantizers->set(p.site, std::make_shared<SulqQuantizer>(sulqSearch(stats.sample(p.site), p.spec.bits, p.sulqLevels)));
      continue;
    }
    QuantParams params;
    if (site.kind == SiteKind::Weight) {
      params = weightParams(p, st.weight);
    } else {
      // Statistics are [rows, C]: per-channel plans search along axis 1, then reshape to the live tensor.
      SitePlan rowPlan = p;
      rowPlan.spec.axis = 1;
      params = activationParams(rowPlan, stats.sample(p.site), st.channelMin, st.channelMax);
      params.spec = p.spec;
      params = p.spec.granularity == Granularity::PerChannel
                   ? reshaped(params, channelShape(st.channelMin.size(0), st.rank, st.channelAxis))
                   : reshaped(params, {});
    }
    qm.quantizers->set(p.site, std::make_shared<StaticQuantizer>(std::move(params)));
    if (progress) progress(0.5 + 0.5 * static_cast<double>(i + 1) / static_cast<double>(plan.size()), "calibrating: ranges");
  }
}

}  // namespace vq
