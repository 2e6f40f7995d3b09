#pragma once
// Options every PTQ method shares for shaping its site plan (and for ablations):
//   keep_float=TEXT[,TEXT]  sites whose name contains any TEXT stay float (e.g. "softmax", "head")
//   quantize_image=BOOL     also quantize the image entering the first layer (default false)
//   weight_granularity      per_channel (default) | per_tensor
//   act_granularity         per_tensor (default) | per_token (dynamic ranges per row)
//   softmax_quantizer       uniform (= uniform_asym, the default) | log2 | sulq — the post-Softmax sites (always per tensor)
//   sulq_levels             code (default: 2^b + 1 levels, as the official forward) | paper (2^b levels)
//   full=BOOL               also quantize every Softmax input and LayerNorm/GroupNorm input, per tensor (default false)
//   range_includes_zero     asymmetric ranges widened to contain 0 (quantizer.h); each method's default is its official code's
//   clamp_zero_point        zero-points stored in b bits (clamped) when ranges need not contain 0
#include "core/methods/method_options.h"
#include "core/quant/calibrate.h"

namespace vq {

// Defaults a method may change (I&S-ViT quantizes the softmax with SULQ unless told otherwise).
struct PlanDefaults {
  std::string softmaxQuantizer = "uniform_asym";
  bool rangeIncludesZero = true;  // BRECQ's (and ModCap's) code widens every range to contain 0
  bool clampZeroPoint = false;
};

// Reads range_includes_zero and clamp_zero_point with the method's defaults into `spec`'s fields.
void readZeroPointOptions(MethodOptions& options, const PlanDefaults& defaults, QuantizerSpec& spec);

// Reads the options above and returns `basicPlan` shaped by them.
std::vector<SitePlan> planFromOptions(MethodOptions& options, const VisionModel& model, int wbits, int abits, RangeMethod weightRange,
                                      RangeMethod actRange, const PlanDefaults& defaults = {});

}  // namespace vq
