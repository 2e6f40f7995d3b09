#pragma once
// Q-HyViT's per-layer search (docs/design/methods.md §3.3). For every Linear/Conv layer it chooses the scale of the
// weight quantizer (per output channel) and of the input quantizer, the input's granularity (per
// tensor or per channel) and the scheme (asymmetric or symmetric, for both), minimising the
// squared-gradient-weighted output error
//     E[ Σ g² · (O − Ô)² ],   g = ∂KL(float ‖ quantized) / ∂O
// with the gradient taken once on the model quantized with default settings (Algorithm 1). Scales are
// α·(min-max scale) for α on a grid, searched for weights and input in turn for a few rounds. Layers of
// a bridge block (VisionModel::bridges) are measured at the output of the bridge's last layer, with the
// bridge's earlier layers quantized as already chosen; elsewhere each layer is measured at its own
// output, on float inputs.
#include "core/methods/method_report.h"
#include "core/quant/quant_model.h"
#include "core/util/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace vq {

struct HybridSearchOptions {
  int wbits = 8, abits = 8;
  bool granularitySearch = true;  // off: inputs per tensor (codeShortcut: its groups rule)
  // Per-channel inputs only where an integer kernel can apply them: depthwise convolutions, whose every
  // output channel reads one input channel. On: any layer (Linear and ordinary convolutions too, where
  // the channel axis is the GEMM's reduction axis and the scales cannot be factored out: fake-quant only).
  bool fakeQuantGranularity = false;
  // The asymmetric quantizers' ranges and zero-points (quantizer.h): the paper's premise is the measured
  // range with the zero-point stored in b bits, where one-signed channels overflow (challenge C2).
  bool rangeIncludesZero = false, clampZeroPoint = true;
  bool schemeSearch = true;       // off: asymmetric (codeShortcut: symmetric)
  bool bridge = true;             // off: bridge layers are measured at their own output like the rest
  // The official code's choices: symmetric only; inputs of depthwise/grouped convs per channel, others per tensor.
  bool codeShortcut = false;
  int rounds = 3;                 // weight search then input search, this many times
  int candidates = 100;           // α_i = alphaLo + i·(alphaHi − alphaLo)/candidates, i = 0..candidates, and α = 1
  double alphaLo = 0.01, alphaHi = 1.2;
  int64_t batchSize = 16;         // images per forward pass while capturing
};

struct LayerChoice {
  std::string layer;   // module path
  std::string bridge;  // the bridge block it belongs to, "" for none
  bool quantizedInput = false;  // false when the layer's input stays float (the image)
  bool depthwise = false;       // a per-channel input is deployable only here (HybridSearchOptions::fakeQuantGranularity)
  Granularity inputGranularity = Granularity::PerTensor;
  QuantScheme scheme = QuantScheme::UniformAsymmetric;
  double weightAlpha = 1, inputAlpha = 1;  // weightAlpha: mean over output channels
  // Input channels whose per-channel asymmetric zero-point (min-max) lies outside the b-bit codes (C2),
  // and zero-points of the chosen quantizers (weight and input) that the clamp moved.
  int64_t overflowChannels = 0, clampedZeroPoints = 0;
  // Weighted output error relative to the weighted energy of the float output: with min-max ranges
  // (asymmetric, input per tensor) and as chosen; and the best error of each granularity/scheme pair.
  double minmaxError = 0, error = 0;
  std::vector<std::pair<std::string, double>> comboErrors;  // "per_tensor/uniform_asym" → error
};

// `qm` must hold a quantizer for every site it should quantize (the defaults the gradients are taken
// with). Replaces each searched layer's weight and input quantizers with the chosen ones.
std::vector<LayerChoice> hybridLayerSearch(QuantizedModel& qm, const torch::Tensor& images, const HybridSearchOptions& options,
                                           const ProgressFn& progress = {}, const CancelToken& cancel = {});

// The choices as the method reports them (and quant.json keeps them).
std::vector<HybridLayerReport> layerReports(const std::vector<LayerChoice>& choices);

}  // namespace vq
