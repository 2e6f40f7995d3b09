#pragma once
// Fills a quantized model's quantizer table from calibration images: one float forward pass records
// every planned site (site_statistics.h), then each site's range comes from min-max, I&S-ViT's
// percentile search or the MSE search (calibration.h).
#include "core/quant/quant_model.h"
#include "core/quant/sulq.h"
#include "core/util/progress.h"

#include <optional>
#include <vector>

namespace vq {

enum class RangeMethod { MinMax, Percentile, Mse };

// Throws vq::Error(Usage) for an unknown name ("minmax", "percentile", "mse").
RangeMethod rangeMethodByName(const std::string& name);

struct SitePlan {
  int site = -1;
  QuantizerSpec spec;  // PerToken → a dynamic quantizer, no calibration
  RangeMethod range = RangeMethod::MinMax;
  bool sulq = false;   // SULQ (sulq.h) instead of spec's scheme; spec.bits still applies
  SulqLevels sulqLevels = SulqLevels::Code;
};

// The "basic PTQ" plan every method starts from: all weights (uniform asymmetric, per output channel),
// all layer inputs and matmul operands including the softmax output (uniform asymmetric, per tensor).
// The image entering the first layer stays float. Norm/activation outputs are observation points and
// are not planned (the next layer's input site quantises the same tensor).
std::vector<SitePlan> basicPlan(const VisionModel& model, int wbits, int abits, RangeMethod weightRange, RangeMethod actRange);

// The site that receives the input image (its first layer's input), or -1.
int imageInputSite(const VisionModel& model);

struct CalibrationOptions {
  int64_t batchSize = 64;
  int64_t sampleBudget = 1 << 21;  // values kept per activation site for percentile/MSE searches
  uint64_t seed = 0;
};

// Runs the float model over `images` (the quantizers switched off), then installs a calibrated
// quantizer for every plan entry. Replaces whatever those sites held.
void calibrate(QuantizedModel& qm, const std::vector<SitePlan>& plan, const torch::Tensor& images, const CalibrationOptions& options,
               const ProgressFn& progress = {}, const CancelToken& cancel = {});

}  // namespace vq
