#pragma once
// Q-ViT's quantization-aware training (docs/design/methods.md §2.4–2.5): the quantized model's float weights and
// every learnable quantizer parameter (LSQ steps, LSQ+ offsets, IRM's γ/β) trained together on the
// training split, taught by the float model — DeiT hard (or soft) distillation on the logits and
// Distribution-Guided Distillation (DGD) on the patch-similarity matrices of q and k.
#include "core/data/dataset.h"
#include "core/methods/method_report.h"
#include "core/quant/quant_model.h"
#include "core/util/progress.h"

#include <functional>
#include <vector>

namespace vq {

enum class Distillation { None, Hard, Soft };
enum class DgdNorm { Frobenius, Mse };

struct QatOptions {
  int epochs = 2;
  int64_t batchSize = 64;
  // AdamW on weights that start trained: at 1e-3 the LSQ baseline and "+ DGD" (DeiT W4A4) never beat their
  // calibrated start; docs/results.md ("Weight learning rate") shows the rates tried.
  double lr = 1e-4;
  double weightDecay = 0.0, labelSmoothing = 0.1;
  // Adam moves every parameter by about the learning rate per step, whatever its size: quantizer steps
  // (weights' are ~1e-3) need a smaller rate than the weights, or they cross zero within a few steps.
  double quantLr = 1e-4;
  int64_t trainImages = -1;  // images per epoch (-1: the whole split minus the validation images)
  int64_t valImages = 2000;  // held out of the training split; the best epoch on them is kept (0: the last epoch)
  Distillation distill = Distillation::Hard;
  double tau = 1.0;          // soft distillation temperature
  bool dgd = true;
  // The paper's Frobenius norm, summed over heads and layers, is ~100× the cross-entropy on the built-ins and
  // drowns it (DeiT W4A4 at lr 1e-3: 0.8809 with it, 0.8898 without DGD); the per-element mean keeps DGD on
  // the cross-entropy's scale (0.8909).
  DgdNorm dgdNorm = DgdNorm::Mse;
  double dgdWeight = 1.0;    // the paper adds L_DGD with weight 1
  int64_t cropPad = 2;
  bool hflip = true;
  uint64_t seed = 0;
};

struct QatEpoch {
  int epoch = 0;
  double loss = 0, dgd = 0;  // mean training loss and its DGD part
  double valTop1 = 0;
  double seconds = 0;
};

struct QatResult {
  std::vector<QatEpoch> history;
  int bestEpoch = 0;  // 0: the calibrated start was never beaten
  double startValTop1 = 0, bestValTop1 = 0;
};

// The training as a method reports it: one entry per epoch (loss, its DGD part, held-out top-1, seconds).
TrainingReport trainingReport(const QatResult& result, const std::string& trainData);

// Patch-similarity matrices of q (or k) [.., N, d]: q·qᵀ with every row ℓ2-normalised, [.., N, N].
torch::Tensor similarityMatrix(const torch::Tensor& q);
// Σ over heads of the distance between teacher and student similarity matrices ([.., H, N, d] inputs),
// averaged over the batch (and windows).
torch::Tensor dgdDistance(const torch::Tensor& teacher, const torch::Tensor& student, DgdNorm norm);

// Stops every quantizer's learning (steps, offsets, IRM affines), keeping the values they reached.
void freezeQuantizers(SiteQuantizers& table);

// Trains `qm` in place and leaves it at its best validation epoch with every quantizer frozen.
// `onBest` (if set) runs whenever an epoch improves on the best so far (Q-ViT saves a checkpoint).
// Throws vq::Cancelled when cancelled (the caller's checkpoint holds the best finished epoch).
QatResult trainQuantized(QuantizedModel& qm, const LoadedModel& teacher, const Dataset& data, const QatOptions& options,
                         const std::function<void(const QatEpoch&)>& onBest, const ProgressFn& progress, const CancelToken& cancel);

}  // namespace vq
