// I-ViT (Li & Gu, methods.md §4): 8-bit integer-only inference. The float model's weights become int8
// per output channel; every activation step is fitted, in forward order, on calibration images run
// through the integer model itself; the result runs without float arithmetic between the input
// quantizer and the logits.
#include "core/integer/integer_model.h"
#include "core/methods/method.h"
#include "core/util/error.h"

#include <torch/torch.h>

namespace vq {

QuantMethod ivitMethod() {
  return {"ivit", "I-ViT: integer-only inference (dyadic requantisation, Shiftmax, ShiftGELU, I-LayerNorm)", [](MethodContext& ctx) {
            auto& opt = ctx.options;
            const int64_t actImages = opt.getInt("act_images", 256, 1, 1 << 20, "calibration images that fit the integer activation steps");
            opt.finish();
            if (ctx.wbits != 8 || ctx.abits != 8) usageError("ivit is 8-bit integer-only: use --wbits 8 --abits 8");

            MethodOutcome out{makeQuantizedModel(ctx.fp)};
            auto integer = makeIntegerModel(*ctx.fp.model, ctx.fp.spec);
            throwIfCancelled(ctx.cancel);
            if (ctx.progress) ctx.progress(0.0, "calibrating integer steps");
            const auto images = ctx.calibImages.narrow(0, 0, std::min(actImages, ctx.calibImages.size(0)));
            integer->calibrate(images);
            if (ctx.progress) ctx.progress(1.0, "calibrated");
            out.model.integer = integer;
            out.report["integer"] = true;
            out.report["calibration_images"] = images.size(0);
            return out;
          }};
}

}  // namespace vq
