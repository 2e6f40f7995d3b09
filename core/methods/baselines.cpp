// The honest "basic PTQ" references: every weight per output channel, every activation per tensor
// (the softmax output on the same uniform grid), ranges by min-max or by I&S-ViT's percentile search.
#include "core/methods/method.h"
#include "core/methods/plan_options.h"

namespace vq {
namespace {

MethodOutcome runBaseline(MethodContext& ctx, RangeMethod defaultRange) {
  const auto weights = ctx.options.getChoice("weight_range", defaultRange == RangeMethod::MinMax ? "minmax" : "percentile",
                                             {"minmax", "percentile", "mse"}, "how weight ranges are chosen: min-max, percentile search, or lowest MSE");
  const auto acts = ctx.options.getChoice("act_range", defaultRange == RangeMethod::MinMax ? "minmax" : "percentile",
                                          {"minmax", "percentile", "mse"}, "how activation ranges are chosen: min-max, percentile search, or lowest MSE");
  const auto plan = planFromOptions(ctx.options, *ctx.fp.model, ctx.wbits, ctx.abits, rangeMethodByName(weights), rangeMethodByName(acts));
  ctx.options.finish();
  MethodOutcome out{makeQuantizedModel(ctx.fp)};
  CalibrationOptions co;
  co.seed = ctx.seed;
  calibrate(out.model, plan, ctx.calibImages, co, ctx.progress, ctx.cancel);
  return out;
}

}  // namespace

QuantMethod minmaxMethod() {
  return {"minmax", "basic PTQ: min-max ranges (weights per channel, activations per tensor)",
          [](MethodContext& ctx) { return runBaseline(ctx, RangeMethod::MinMax); }};
}

QuantMethod percentileMethod() {
  return {"percentile", "basic PTQ: percentile-search ranges (I&S-ViT's candidates, lowest MSE)",
          [](MethodContext& ctx) { return runBaseline(ctx, RangeMethod::Percentile); }};
}

}  // namespace vq
