// Q-HyViT (Lee et al., docs/design/methods.md §3): post-training quantization for hybrid conv + transformer models.
// BatchNorm is folded into the convolutions, the model is quantized with default settings (weights
// per channel by min-max, activations per tensor by percentile) to take the gradients of its divergence
// from the float model, then every Linear/Conv layer chooses its scales, input granularity and scheme
// by the squared-gradient-weighted output error (qhyvit_search.h), bridge layers at the bridge output.
// By default ranges are the measured ones with zero-points stored in b bits (the paper's premise: a
// one-signed channel overflows, and the scheme search avoids it), and inputs are per channel only where
// an integer kernel can run that (depthwise convolutions).
// Matmul operands (q, k, v, the post-Softmax values) keep their percentile ranges, and so do the Softmax
// and norm inputs under full quantization (plan option full=on, the paper's Table III setting).
#include "core/methods/method.h"
#include "core/methods/plan_options.h"
#include "core/methods/qhyvit_search.h"
#include "core/quant/batchnorm_fold.h"
#include "core/quant/calibrate.h"
#include "core/util/error.h"
#include "core/util/progress_slice.h"

#include <nlohmann/json.hpp>

namespace vq {

QuantMethod qhyvitMethod() {
  return {"qhyvit", "Q-HyViT: per-layer scale, granularity and scheme by Hessian-weighted output error, bridge blocks jointly",
          [](MethodContext& ctx) {
            auto& opt = ctx.options;
            HybridSearchOptions so;
            so.wbits = ctx.wbits;
            so.abits = ctx.abits;
            so.granularitySearch = opt.getBool("granularity_search", true, "choose each layer's input granularity: per tensor or per channel (depthwise convolutions only, unless fake_quant_granularity)");
            so.schemeSearch = opt.getBool("scheme_search", true, "choose each layer's scheme (asymmetric or symmetric)");
            so.bridge = opt.getBool("bridge", true, "measure the layers of each bridge block at the bridge's output");
            so.codeShortcut = opt.getBool("code_shortcut", false,
                                          "the official code's choices instead of the searches: symmetric only, grouped-conv inputs per channel");
            so.rounds = static_cast<int>(opt.getInt("rounds", 3, 1, 20, "alternating weight/input scale searches per layer"));
            so.candidates = static_cast<int>(opt.getInt("candidates", 100, 1, 10000, "scale grid steps between alpha_lo and alpha_hi"));
            so.alphaLo = opt.getDouble("alpha_lo", 0.01, 1e-4, 10, "smallest scale factor on the min-max scale");
            so.alphaHi = opt.getDouble("alpha_hi", 1.2, 1e-4, 10, "largest scale factor on the min-max scale");
            const auto searchImages = opt.getInt("search_images", 32, 1, 1 << 16, "calibration images the search uses (the paper: 32)");
            const bool fold = opt.getBool("fold_bn", true, "fold BatchNorm into the convolutions before quantizing");
            so.fakeQuantGranularity = opt.getBool("fake_quant_granularity", false,
                                                  "let every layer's input be per channel, also where no integer kernel can run it (Linear, ordinary convolutions)");
            // The paper's premise for its scheme search (challenge C2): ranges as measured, zero-points stored in b bits.
            PlanDefaults defaults;
            defaults.rangeIncludesZero = false;
            defaults.clampZeroPoint = true;
            const auto plan = planFromOptions(opt, *ctx.fp.model, ctx.wbits, ctx.abits, RangeMethod::MinMax, RangeMethod::Percentile, defaults);
            QuantizerSpec zeroPoint;
            readZeroPointOptions(opt, defaults, zeroPoint);
            so.rangeIncludesZero = zeroPoint.rangeIncludesZero;
            so.clampZeroPoint = zeroPoint.clampZeroPoint;
            opt.finish();
            if (so.alphaHi < so.alphaLo) usageError("--set alpha_hi must not be below alpha_lo");

            MethodOutcome out{makeQuantizedModel(ctx.fp)};
            auto& qm = out.model;
            auto& report = out.report.emplace<QhyvitReport>();
            if (fold) report.foldedBatchnorms = foldBatchNorms(qm.model());
            const auto images = ctx.calibImages.narrow(0, 0, std::min<int64_t>(searchImages, ctx.calibImages.size(0)));
            // Algorithm 1's default settings: what the gradients are taken on, and what matmul operands keep.
            CalibrationOptions co;
            co.seed = ctx.seed;
            const auto stage = [&](double lo, double hi) { return progressSlice(ctx.progress, lo, hi); };
            calibrate(qm, plan, images, co, stage(0.0, 0.1), ctx.cancel);

            for (const auto& b : qm.model().bridges()) report.bridges.push_back({b.path, b.layers});
            const auto choices = hybridLayerSearch(qm, images, so, stage(0.1, 1.0), ctx.cancel);
            report.layers = layerReports(choices);
            qm.info.layers = toJson(report.layers);
            int perChannel = 0, notDeployable = 0, symmetric = 0, clamped = 0;
            double before = 0, after = 0;
            for (const auto& c : choices) {
              const bool channelInput = c.quantizedInput && c.inputGranularity == Granularity::PerChannel;
              perChannel += channelInput;
              notDeployable += channelInput && !c.depthwise;
              symmetric += c.scheme == QuantScheme::UniformSymmetric;
              clamped += c.clampedZeroPoints;
              before += c.minmaxError;
              after += c.error;
            }
            auto& totals = report.summary;
            totals.layers = static_cast<int64_t>(choices.size());
            totals.perChannelInputs = perChannel;
            totals.symmetric = symmetric;
            totals.clampedZeroPoints = clamped;
            totals.perChannelReductionInputs = notDeployable;
            // Integer kernels need per-tensor inputs outside depthwise convolutions and b-bit zero-points.
            totals.deployable = notDeployable == 0 && (so.rangeIncludesZero || so.clampZeroPoint);
            totals.meanMinmaxError = choices.empty() ? 0.0 : before / choices.size();
            totals.meanError = choices.empty() ? 0.0 : after / choices.size();
            return out;
          }};
}

}  // namespace vq
