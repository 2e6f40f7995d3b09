// I-ViT (Li & Gu, docs/design/methods.md §4): integer-only inference with 8-bit activations. The float model's weights
// (optionally fine-tuned first through a fake-quantized copy of the integer engine) become integers per
// output channel — 8 bits as the paper, or 2–7 bits for the transformer layers (`--wbits`; the patch
// embedding and the classifier stay at 8), which the fast engine runs on its 4-bit kernels up to 4 bits;
// every activation step is fitted, in forward order, on calibration images run through the integer model
// itself; the result runs without float arithmetic between the input quantizer and the logits.
#include "core/integer/integer_model.h"
#include "core/methods/ivit_finetune.h"
#include "core/methods/method.h"
#include "core/util/error.h"
#include "core/util/progress_slice.h"

#include <torch/torch.h>

namespace vq {
namespace {

struct IvitSettings {
  int64_t actImages = 256;
  QatOptions finetune;
  std::string trainData;
};

IvitSettings readSettings(MethodOptions& opt, const std::string& trainSplit) {
  IvitSettings s;
  s.actImages = opt.getInt("act_images", s.actImages, 1, 1 << 20, "calibration images that fit the integer activation steps");
  auto& ft = s.finetune;
  ft.epochs = static_cast<int>(opt.getInt("finetune_epochs", 0, 0, 1000,
                                          "quantization-aware fine-tuning epochs before the weights become integers (0: none)"));
  // I-ViT fine-tunes for 30-90 ImageNet epochs at 1e-6; a one- or two-epoch run needs a larger rate to move.
  ft.lr = opt.getDouble("finetune_lr", 1e-5, 0, 1, "AdamW learning rate of the fine-tuning (cosine to 0)");
  ft.weightDecay = 1e-4;  // I-ViT's
  ft.trainImages = opt.getInt("finetune_images", -1, -1, int64_t{1} << 40, "fine-tuning images per epoch (-1: the whole split minus validation)");
  ft.distill = Distillation::None;  // I-ViT trains on the labels alone
  ft.dgd = false;
  s.trainData = opt.getString("train_data", trainSplit, "the labelled data set to fine-tune on (default: the train split of --data)");
  return s;
}

MethodOutcome runIvit(MethodContext& ctx) {
  auto settings = readSettings(ctx.options, ctx.trainData);
  ctx.options.finish();
  if (ctx.abits != 8) usageError("ivit's integer activations have 8 bits: use --abits 8 (weights: --wbits 2 to 8)");
  if (ctx.wbits < 2 || ctx.wbits > 8) usageError("ivit's integer weights have 2 to 8 bits, not --wbits " + std::to_string(ctx.wbits));

  MethodOutcome out{makeQuantizedModel(ctx.fp)};
  auto& report = out.report.emplace<IvitReport>();
  const auto images = ctx.calibImages.narrow(0, 0, std::min(settings.actImages, ctx.calibImages.size(0)));
  // Made first so that a model the engine cannot run is refused before any fine-tuning.
  auto integer = makeIntegerModel(out.model.model(), ctx.fp.spec, ctx.wbits);
  const bool finetuning = settings.finetune.epochs > 0;
  if (finetuning) {
    if (settings.trainData.empty())
      usageError("ivit fine-tunes on labelled images: --data has no train split, name one with --set train_data=DATA");
    const auto data = openDataset(settings.trainData);
    settings.finetune.seed = ctx.seed;
    const auto tuned = finetuneForIntegers(out.model, ctx.fp, *data, images, settings.finetune, progressSlice(ctx.progress, 0.0, 0.95), ctx.cancel,
                                           ctx.wbits);
    report.finetune = trainingReport(tuned, data->spec());
    integer = makeIntegerModel(out.model.model(), ctx.fp.spec, ctx.wbits);  // from the tuned weights
  }
  throwIfCancelled(ctx.cancel);
  const auto calibrating = progressSlice(ctx.progress, finetuning ? 0.95 : 0.0, 1.0);
  if (calibrating) calibrating(0.0, "calibrating integer steps");
  integer->calibrate(images);
  if (calibrating) calibrating(1.0, "calibrated");
  out.model.integer = integer;
  report.weightBits = IvitReport::WeightBits{ctx.wbits, 8};
  report.calibrationImages = images.size(0);
  return out;
}

}  // namespace

QuantMethod ivitMethod() {
  return {"ivit", "I-ViT: integer-only inference (dyadic requantisation, Shiftmax, ShiftGELU, I-LayerNorm), 8-bit activations, 2–8-bit weights, optional fine-tuning", runIvit};
}

}  // namespace vq
