#pragma once
// Reference quantizers (docs/design/architecture.md §2, docs/design/methods.md §0.1): uniform asymmetric and symmetric, and log2,
// per tensor, per channel or per token, 2..8 bits. Rounding is round-half-to-even, as torch.round,
// and every clamp is explicit. Later methods add their quantizers (SULQ, LSQ, AdaRound) to the table.
#include <torch/types.h>

#include <string>
#include <vector>

namespace vq {

// Stable ids: saved in quant.json files, never reused.
enum class QuantScheme : int {
  UniformAsymmetric = 0,  // s = (max-min)/(2^b-1), z = round(-min/s), codes in [0, 2^b-1]
  UniformSymmetric = 1,   // s = max|x|/(2^(b-1)-1), codes in [-2^(b-1), 2^(b-1)-1] (I-ViT's convention)
  Log2 = 2,               // codes = round(-log2(x/s)) in [0, 2^b-1], x̂ = s·2^-code (non-negative inputs)
};

enum class Granularity {
  PerTensor,
  PerChannel,  // one scale per index of `axis` (weights: output channels, axis 0)
  PerToken,    // one scale per row: statistics over the last dimension only
};

struct QuantSchemeInfo {
  QuantScheme scheme;
  const char* name;  // "uniform_asym", "uniform_sym", "log2"
  bool signedCodes;
  bool nonNegativeInput;  // defined for x >= 0 only
};

// The table tests and tools loop over.
const std::vector<QuantSchemeInfo>& quantSchemes();
const QuantSchemeInfo& schemeInfo(QuantScheme scheme);
// Throws vq::Error(Usage) for an unknown name.
QuantScheme schemeByName(const std::string& name);

struct QuantizerSpec {
  QuantScheme scheme = QuantScheme::UniformAsymmetric;
  int bits = 8;
  Granularity granularity = Granularity::PerTensor;
  int axis = 0;  // channel axis for PerChannel (negative counts from the end)
  // Asymmetric only. On: every range is widened to contain 0, so zero padding and ReLU zeros are
  // exact and the zero-point always lies in the code range (BRECQ's and the integer engines' choice).
  // Off: the range is the measured one ([5, 6] keeps all its levels), as I&S-ViT's and Q-HyViT's code.
  bool rangeIncludesZero = true;
  // Asymmetric with rangeIncludesZero off only. On: the zero-point is clamped into the code range, as
  // hardware that stores it in b bits must (a one-signed channel then loses part of its range: Q-HyViT's
  // zero-point overflow, docs/design/methods.md §3.2 C2). Off: any integer, as a float zero-point in fake quantization.
  bool clampZeroPoint = false;
};

// The asymmetric range [lo, hi] the spec quantizes, and its parameters: s = (hi−lo)/(2^b−1), z = round(−lo/s),
// widened to contain 0 or with z clamped as the spec says. A (near-)constant range is always widened to
// contain 0: its step would otherwise be ~0 and its zero-point absurd. Element-wise on lo and hi.
std::pair<torch::Tensor, torch::Tensor> asymmetricParams(const QuantizerSpec& spec, torch::Tensor lo, torch::Tensor hi);

// Scale and zero-point shaped to broadcast against the tensor they were calibrated on.
struct QuantParams {
  QuantizerSpec spec;
  torch::Tensor scale;      // float32, > 0
  torch::Tensor zeroPoint;  // float32 integer values (0 for symmetric and log2)
};

int64_t codeMin(const QuantizerSpec& spec);
int64_t codeMax(const QuantizerSpec& spec);

// Throws vq::Error(Usage) when bits are outside 2..8 or the axis does not exist.
void checkSpec(const QuantizerSpec& spec, const torch::Tensor& x);

// Min-max calibration on x (the statistics the spec's granularity asks for).
QuantParams minMaxParams(const torch::Tensor& x, const QuantizerSpec& spec);

// Integer codes (int64) and their de-quantised values.
torch::Tensor quantizeCodes(const torch::Tensor& x, const QuantParams& params);
torch::Tensor dequantizeCodes(const torch::Tensor& codes, const QuantParams& params);

// De-quantise(quantise(x)); with the straight-through estimator the gradient w.r.t. x is the identity.
torch::Tensor fakeQuantize(const torch::Tensor& x, const QuantParams& params);

}  // namespace vq
