#pragma once
// Block reconstruction in the style of BRECQ (Li et al. 2021), the engine under `brecq`, I&S-ViT's
// stages and the oscillation-aware method: unit by unit in forward order, the quantized unit is fitted
// to the float unit's output on cached calibration data. Weights learn their rounding (AdaRound, with
// the annealed regulariser), activation sites optionally learn their step (LSQ). Inputs come from the
// quantized model (earlier units already finished), targets from the float model.
#include "core/quant/quant_model.h"
#include "core/quant/unit_report.h"
#include "core/util/progress.h"

#include <utility>
#include <vector>

namespace vq {

enum class WeightLearning {
  AdaRound,  // learn each weight's rounding direction (BRECQ); hardened into the weights afterwards
  Train,     // train the unit's float weights and biases through the quantizers (I&S-ViT)
  Fixed,     // weights stay as they are (round-to-nearest when quantized)
};

struct ReconstructionOptions {
  int64_t iters = 1000;
  bool itersPerMember = false;  // a group of k units runs k × iters steps
  int64_t batchSize = 32;
  WeightLearning weights = WeightLearning::AdaRound;
  double weightLr = 4e-5;     // Train: Adam on weights and biases (norms excluded), cosine-annealed to 0
  bool floatInputs = false;   // unit inputs from the float model (I&S-ViT stage 1) rather than the quantized one
  // QDrop (Wei et al. 2022): each element of a unit's input comes from the quantized model with this
  // probability, else from the float model; 1 is BRECQ (quantized inputs only).
  double quantizedInputProb = 1.0;
  bool learnSteps = true;     // learn activation steps (LSQ)
  double roundLr = 1e-3;      // Adam on AdaRound's V
  double stepLr = 4e-5;       // Adam on the steps, cosine-annealed to 0
  double roundWeight = 0.01;  // λ of the rounding regulariser
  double warmup = 0.2;        // fraction of iterations before the regulariser starts
  double betaStart = 20, betaEnd = 2;
  uint64_t seed = 0;
};

// A reconstruction unit: model units first..last (inclusive), run as one. Joining several units
// needs each to take the previous one's output (ModelUnit::chained).
struct UnitGroup {
  size_t first = 0, last = 0;
};

// After reconstruction: each unit's output in the quantized model (running on its own quantized inputs)
// against the float model's, as the reconstruction loss measures it, divided by the float output's own
// energy (so units of any width compare), on the first images — the loss along depth, comparable between
// plain and merged reconstruction.
std::vector<double> unitOutputLosses(const LoadedModel& fp, QuantizedModel& qm, const torch::Tensor& images);

// One group per unit, in order.
std::vector<UnitGroup> singleUnitGroups(const VisionModel& model);

// Sites inside a group (site module under one of its unit paths).
std::vector<int> groupSites(const VisionModel& model, const UnitGroup& group);

// `qm` must hold calibrated quantizers (calibrate.h); `fp` is the float model it was copied from.
// Finished groups keep hard-rounded weights (written into qm's weights) and frozen steps.
std::vector<UnitReport> reconstruct(const LoadedModel& fp, QuantizedModel& qm, const torch::Tensor& images,
                                    const std::vector<UnitGroup>& groups, const ReconstructionOptions& options,
                                    const ProgressFn& progress = {}, const CancelToken& cancel = {});

// The input of unit `index` (before) or its output (after) over all images, in batches of `batchSize`.
torch::Tensor captureUnit(VisionModel& model, size_t index, bool output, const torch::Tensor& images, int64_t batchSize);

}  // namespace vq
