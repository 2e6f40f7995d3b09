#include "core/methods/ivit_finetune.h"

#include "core/model/layers.h"
#include "core/quant/calibrate.h"
#include "core/util/progress_slice.h"

#include <torch/torch.h>

namespace vq {
namespace {

void swapMlpActivation(VisionModel& model, Activation from, Activation to) {
  for (const auto& module : model.modules(/*include_self=*/false))
    if (auto* mlp = dynamic_cast<MlpImpl*>(module.get()); mlp && mlp->act == from) mlp->act = to;
}

// Where the integer engine rounds, with its steps: symmetric min-max (I-ViT's), per output channel for
// weights and per tensor for the image, every layer input and q, k, v. The steps stay fixed while the
// weights train, as I-ViT learns none (its weight steps follow the weights, which move by ~lr per step).
// Weights inside the transformer stages (`blocks.*`, Swin's `layers.*`) get `weightBits`, the patch
// embedding and the classifier 8, as makeIntegerModel() quantizes them.
std::vector<SitePlan> integerPlan(const VisionModel& model, int weightBits) {
  auto plan = basicPlan(model, 8, 8, RangeMethod::MinMax, RangeMethod::MinMax);
  if (const int image = imageInputSite(model); image >= 0) plan.insert(plan.begin(), SitePlan{image, {}, RangeMethod::MinMax});
  const auto& sites = model.sites().sites();
  for (auto& p : plan) {
    p.spec.scheme = QuantScheme::UniformSymmetric;
    const auto& module = sites[p.site].module;
    const bool inStages = module.rfind("blocks.", 0) == 0 || module.rfind("layers.", 0) == 0;
    if (sites[p.site].kind == SiteKind::Weight && inStages) p.spec.bits = weightBits;
  }
  return plan;
}

// Shiftmax's output: probabilities on a fixed grid of 2^-8, codes 0..255.
std::shared_ptr<StaticQuantizer> shiftmaxGrid() {
  QuantParams p;
  p.spec = {QuantScheme::UniformAsymmetric, 8, Granularity::PerTensor, 0};
  p.scale = torch::full({1}, 1.0 / 256.0);
  p.zeroPoint = torch::zeros({1});
  return std::make_shared<StaticQuantizer>(std::move(p));
}

}  // namespace

QatResult finetuneForIntegers(QuantizedModel& qm, const LoadedModel& teacher, const Dataset& data, const torch::Tensor& calibImages,
                              const QatOptions& options, const ProgressFn& progress, const CancelToken& cancel, int weightBits) {
  auto& model = qm.model();
  swapMlpActivation(model, Activation::GELU, Activation::SigmoidGELU);
  CalibrationOptions co;
  co.seed = options.seed;
  calibrate(qm, integerPlan(model, weightBits), calibImages, co, progressSlice(progress, 0.0, 0.02), cancel);
  for (const auto& s : model.sites().sites())
    if (s.kind == SiteKind::SoftmaxOutput && qm.quantizers->get(s.id)) qm.quantizers->set(s.id, shiftmaxGrid());

  auto result = trainQuantized(qm, teacher, data, options, nullptr, progressSlice(progress, 0.02, 1.0), cancel);

  swapMlpActivation(model, Activation::SigmoidGELU, Activation::GELU);
  for (size_t i = 0; i < qm.quantizers->size(); ++i) qm.quantizers->set(static_cast<int>(i), nullptr);
  return result;
}

}  // namespace vq
