// Oscillation-aware PTQ (MRECG, Ma et al. CVPR 2023; docs/design/methods.md §5) on the engine's BRECQ reconstruction.
// Sequential unit-by-unit reconstruction leaves a loss that zig-zags along depth where neighbouring units
// differ in capacity; merging the top-k most different neighbour pairs into joint units smooths it.
// Capacity is data-free (parameters × bits / stride² per unit) or data-dependent (each unit's relative output
// loss after a plain BRECQ pass, which then also stands in the report as the reference). QDrop's input mixing is an option.
#include "core/methods/brecq_options.h"
#include "core/methods/method.h"
#include "core/methods/modcap_planner.h"
#include "core/methods/plan_options.h"
#include "core/util/progress_slice.h"

namespace vq {
namespace {

DepthLoss depthOf(std::vector<double> loss) {
  const double index = oscillationIndex(loss);
  return {std::move(loss), index};
}

}  // namespace

QuantMethod modcapMethod() {
  return {"modcap", "oscillation-aware PTQ (MRECG): module capacities, top-k neighbour merges, BRECQ on the merged units",
          [](MethodContext& ctx) {
            auto& opt = ctx.options;
            auto settings = readBrecqOptions(opt, ctx.seed);
            const bool dataFree = opt.getChoice("capacity", "data-dependent", {"data-free", "data-dependent"},
                                                "unit capacity: parameters × bits / stride², or each unit's relative loss after a plain BRECQ pass") ==
                                  "data-free";
            const int topk = static_cast<int>(
                opt.getInt("topk", 2, 0, 1000, "neighbour pairs with the largest capacity differentials reconstructed jointly (0: plain BRECQ)"));
            const bool qdrop = opt.getBool("qdrop", false, "QDrop: mix float and quantized unit inputs element-wise while reconstructing");
            const double keep = opt.getDouble("qdrop_prob", 0.5, 0, 1, "with qdrop: probability that an input element is the quantized one");
            // Scaled by default: with iters per merged unit (the released code), merging would also cut the total
            // number of steps, and at W3A3 that costs more than the joint reconstruction wins (docs/results.md).
            const bool scaled = opt.getChoice("merged_iters", "scaled", {"scaled", "same"},
                                              "steps of a merged unit: iters × its units (brecq's total budget), or iters (as the released code)") ==
                                "scaled";
            const auto plan = planFromOptions(opt, *ctx.fp.model, ctx.wbits, ctx.abits, settings.initRange, settings.initRange);
            opt.finish();
            if (qdrop) settings.reconstruction.quantizedInputProb = keep;
            auto mergedSettings = settings;  // the plain BRECQ probe keeps one budget per unit either way
            mergedSettings.reconstruction.itersPerMember = scaled;

            const auto& units = ctx.fp.model->units();
            MethodOutcome out{makeQuantizedModel(ctx.fp)};
            auto& report = out.report.emplace<ModcapReport>();
            std::vector<double> capacity;
            double done = 0.0;
            if (dataFree) {
              capacity = dataFreeCapacities(*ctx.fp.model, ctx.wbits);
            } else {
              auto probe = makeQuantizedModel(ctx.fp);
              const auto reference = calibrateAndReconstruct(ctx.fp, probe, plan, ctx.calibImages, singleUnitGroups(*ctx.fp.model), settings,
                                                             ctx.seed, progressSlice(ctx.progress, 0.0, 0.5), ctx.cancel);
              // A unit's relative loss after plain BRECQ stands for its (inverse) capacity.
              capacity = unitOutputLosses(ctx.fp, probe, ctx.calibImages);
              report.brecq = ModcapReport::BrecqProbe{reference, depthOf(capacity)};
              done = 0.5;
            }
            const auto merge = planMerges(capacity, chainedUnits(*ctx.fp.model), topk);
            const auto reports = calibrateAndReconstruct(ctx.fp, out.model, plan, ctx.calibImages, merge.groups, mergedSettings, ctx.seed,
                                                         progressSlice(ctx.progress, done, 1.0), ctx.cancel);

            for (size_t u = 0; u < units.size(); ++u) report.capacity.push_back({units[u].path, capacity[u]});
            for (size_t i : merge.merged) report.merged.push_back(units[i].path + "+" + units[i + 1].path);
            report.capacityKind = dataFree ? "data-free" : "data-dependent";
            report.differentials = merge.differentials;
            report.units = reports;
            report.depth = depthOf(unitOutputLosses(ctx.fp, out.model, ctx.calibImages));
            return out;
          }};
}

}  // namespace vq
