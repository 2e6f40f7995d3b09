// BRECQ-style block reconstruction on top of percentile calibration: per unit, AdaRound weight rounding
// and learned activation steps fitted to the float unit's output (core/quant/reconstruction.h).
#include "core/methods/method.h"
#include "core/methods/plan_options.h"
#include "core/quant/reconstruction.h"

namespace vq {

QuantMethod brecqMethod() {
  return {"brecq", "block reconstruction: AdaRound weights + learned activation steps, unit by unit",
          [](MethodContext& ctx) {
            auto& opt = ctx.options;
            ReconstructionOptions ro;
            ro.iters = opt.getInt("iters", 500, 0, 100000, "optimisation steps per reconstructed unit");
            ro.batchSize = opt.getInt("batch", 32, 1, 4096, "calibration images per optimisation step");
            ro.weights = opt.getBool("adaround", true, "learn each weight's rounding (AdaRound); off keeps round-to-nearest") ? WeightLearning::AdaRound : WeightLearning::Fixed;
            ro.learnSteps = opt.getBool("act_steps", true, "learn the activation quantizers' steps during reconstruction");
            ro.roundLr = opt.getDouble("round_lr", 1e-3, 0, 1, "learning rate of the rounding variables");
            ro.stepLr = opt.getDouble("step_lr", 4e-5, 0, 1, "learning rate of the activation steps");
            ro.roundWeight = opt.getDouble("round_weight", 0.01, 0, 100, "weight of the regulariser that pushes rounding to 0 or 1");
            ro.seed = ctx.seed;
            const auto init = rangeMethodByName(opt.getChoice("init_range", "percentile", {"minmax", "percentile", "mse"},
                                                                     "ranges the quantizers start from before reconstruction"));
            const auto plan = planFromOptions(opt, *ctx.fp.model, ctx.wbits, ctx.abits, init, init);
            opt.finish();

            MethodOutcome out{makeQuantizedModel(ctx.fp)};
            CalibrationOptions co;
            co.seed = ctx.seed;
            const auto stage = [&](double lo, double hi) -> ProgressFn {
              if (!ctx.progress) return {};
              return [&, lo, hi](double f, const std::string& phase) { ctx.progress(lo + (hi - lo) * f, phase); };
            };
            calibrate(out.model, plan, ctx.calibImages, co, stage(0.0, 0.1), ctx.cancel);
            const auto units = reconstruct(ctx.fp, out.model, ctx.calibImages, singleUnitGroups(*ctx.fp.model), ro, stage(0.1, 1.0), ctx.cancel);
            nlohmann::json list = nlohmann::json::array();
            for (const auto& u : units)
              list.push_back({{"unit", u.path}, {"loss_before", u.lossBefore}, {"loss_after", u.lossAfter}, {"seconds", u.seconds},
                              {"loss_curve", u.lossCurve}});
            out.report["units"] = list;
            return out;
          }};
}

}  // namespace vq
