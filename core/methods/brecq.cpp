// BRECQ-style block reconstruction on top of percentile calibration: per unit, AdaRound weight rounding
// and learned activation steps fitted to the float unit's output (core/quant/reconstruction.h).
#include "core/methods/brecq_options.h"
#include "core/methods/method.h"
#include "core/methods/plan_options.h"
#include "core/util/progress_slice.h"

namespace vq {

BrecqSettings readBrecqOptions(MethodOptions& opt, uint64_t seed) {
  BrecqSettings s;
  auto& ro = s.reconstruction;
  // BRECQ's own budget: on the built-ins W3A3 top-1 still rises from 5 000 to 20 000 steps (by 3.8 points on
  // MobileViT v1, 0.45 on DeiT; docs/results.md, "Reconstruction budget"), so a smaller default would under-train.
  ro.iters = opt.getInt("iters", 20000, 0, 100000, "optimisation steps per reconstructed unit (BRECQ: 20 000)");
  ro.batchSize = opt.getInt("batch", 32, 1, 4096, "calibration images per optimisation step");
  ro.weights = opt.getBool("adaround", true, "learn each weight's rounding (AdaRound); off keeps round-to-nearest") ? WeightLearning::AdaRound
                                                                                                                 : WeightLearning::Fixed;
  ro.learnSteps = opt.getBool("act_steps", true, "learn the activation quantizers' steps during reconstruction");
  ro.roundLr = opt.getDouble("round_lr", 1e-3, 0, 1, "learning rate of the rounding variables");
  ro.stepLr = opt.getDouble("step_lr", 4e-5, 0, 1, "learning rate of the activation steps");
  ro.roundWeight = opt.getDouble("round_weight", 0.01, 0, 100, "weight of the regulariser that pushes rounding to 0 or 1");
  ro.seed = seed;
  s.initRange = rangeMethodByName(opt.getChoice("init_range", "percentile", {"minmax", "percentile", "mse"},
                                                "ranges the quantizers start from before reconstruction"));
  return s;
}

std::vector<UnitReport> calibrateAndReconstruct(const LoadedModel& fp, QuantizedModel& qm, const std::vector<SitePlan>& plan,
                                                const torch::Tensor& images, const std::vector<UnitGroup>& groups,
                                                const BrecqSettings& settings, uint64_t seed, const ProgressFn& progress,
                                                const CancelToken& cancel) {
  const auto stage = [&](double lo, double hi) { return progressSlice(progress, lo, hi); };
  CalibrationOptions co;
  co.seed = seed;
  calibrate(qm, plan, images, co, stage(0.0, 0.1), cancel);
  return reconstruct(fp, qm, images, groups, settings.reconstruction, stage(0.1, 1.0), cancel);
}

QuantMethod brecqMethod() {
  return {"brecq", "block reconstruction: AdaRound weights + learned activation steps, unit by unit", [](MethodContext& ctx) {
            const auto settings = readBrecqOptions(ctx.options, ctx.seed);
            const auto plan = planFromOptions(ctx.options, *ctx.fp.model, ctx.wbits, ctx.abits, settings.initRange, settings.initRange);
            ctx.options.finish();

            MethodOutcome out{makeQuantizedModel(ctx.fp)};
            out.report = BrecqReport{calibrateAndReconstruct(ctx.fp, out.model, plan, ctx.calibImages, singleUnitGroups(*ctx.fp.model), settings,
                                                             ctx.seed, ctx.progress, ctx.cancel)};
            return out;
          }};
}

}  // namespace vq
