#pragma once
// The pieces integer-only models are made of (I-ViT, docs/design/methods.md §4): quantized Linear layers, the points
// where an integer accumulator is requantised into a narrower integer, I-LayerNorm, integer attention,
// ShiftGELU MLPs and residual adds. Activations are int64 tensors holding 8- or 16-bit values; each
// piece knows its output's step.
//
// Calibration runs the same code: a point that is not calibrated yet takes its output step from the
// largest |value| it sees (I-ViT's min–max), so every step is fitted to the integer model's own
// upstream values, not to the float model's.
#include "core/integer/dyadic.h"
#include "core/integer/gemm.h"
#include "core/integer/kernels.h"

#include <functional>
#include <memory>
#include <string>

namespace vq {

// Names every stored tensor and number of an integer model, for saving and loading.
class IntVisitor {
public:
  virtual ~IntVisitor() = default;
  virtual void tensor(const std::string& name, torch::Tensor& t, torch::ScalarType dtype) = 0;
  virtual void number(const std::string& name, double& v) = 0;
  virtual void integer(const std::string& name, int& v) = 0;
  void dyadic(const std::string& name, Dyadic& d);
};

// The engine that runs the kernels, and whether points fit their steps to what they see (calibration,
// always on the reference engine) or use their stored ones.
struct IntContext {
  const IntKernels* kernels = &referenceKernels();
  bool calibrating = false;
};

// Requantises an accumulator into `bits`-bit integers with one output step.
struct RequantPoint {
  explicit RequantPoint(int outputBits = 8) : bits(outputBits) {}
  int bits;
  double scale = 0;  // the output step
  Dyadic d;          // input step(s) / output step

  // `inSteps`: float64 [1] or [channels] (the last dimension of v).
  torch::Tensor apply(const IntContext& ctx, const torch::Tensor& v, const torch::Tensor& inSteps, const std::string& what);
  void visit(IntVisitor& v, const std::string& name);
};

// A Linear (or stride=kernel conv) with symmetric per-output-channel weights of 2–8 bits, stored as int8,
// and an int32 bias. The fast engine runs weights within −8…7 (4 bits or fewer) on its 4-bit kernels.
struct IntLinear {
  torch::Tensor weight;       // int8 [out, in], symmetric, max|w| → 2^(bits−1) − 1 (127 at 8 bits, 7 at 4)
  torch::Tensor weightScale;  // float64 [out]
  torch::Tensor bias;         // int32 [out] in steps of inputScale · weightScale (set at calibration)
  torch::Tensor floatBias;    // float64 [out] until calibration; not stored
  double inputScale = 0;

  // weight [out, in] quantized to `bits` (2–8) per output channel.
  static IntLinear fromFloat(const torch::Tensor& weight, const torch::Tensor& bias, int bits = 8);
  // int8 input [.., in] with step `inStep` → int32-valued accumulators [.., out] (bias included).
  torch::Tensor forward(const IntContext& ctx, const torch::Tensor& x, double inStep, const std::string& what);
  torch::Tensor accSteps() const { return weightScale * inputScale; }  // the accumulators' steps
  void visit(IntVisitor& v, const std::string& name);
  // The fast engine's packed copy of `weight`, made on first use (safe across threads).
  const PackedWeights& packedWeight() const;

private:
  mutable std::shared_ptr<const PackedWeights> packed_;
};

// The input quantizer — float image to int8 pixels, the one place float meets the model — and the
// stride = kernel patch convolution as a Linear over flattened patches.
struct IntPatchEmbed {
  int64_t patch = 16;
  double imageScale = 0;
  IntLinear proj;  // conv weights flattened [D, C·p·p]

  torch::Tensor forward(const IntContext& ctx, const torch::Tensor& images);  // int32 accumulators [B, H/p, W/p, D]
  void visit(IntVisitor& v);
};

// I-LayerNorm: integer normalisation, then one per-channel dyadic carrying γ·√C and the output step,
// plus β as an integer offset in the same units.
struct IntLayerNorm {
  torch::Tensor gamma, beta;  // float64 [C]; used to fit the dyadic, not stored
  Dyadic gain;                // per channel
  torch::Tensor offset;       // int64 [C] in 2^-shift output steps
  RequantPoint out;           // its scale is the output step (its own dyadic is unused)

  static IntLayerNorm fromFloat(const torch::Tensor& weight, const torch::Tensor& bias, int bits);
  torch::Tensor forward(const IntContext& ctx, const torch::Tensor& x, const std::string& what);
  void visit(IntVisitor& v, const std::string& name);
};

// x + layer(input), requantised into one 16-bit step: one dyadic per input. At inference the layer and the
// add run as one fused kernel (linearAddRequantized).
struct IntResidual {
  RequantPoint branch = RequantPoint(16);  // the branch accumulator's dyadic; its scale is the sum's step
  Dyadic identity;

  torch::Tensor forward(const IntContext& ctx, const torch::Tensor& x, double xStep, IntLinear& layer, const torch::Tensor& input,
                        double inputStep, const std::string& layerWhat, const std::string& what);
  double step() const { return branch.scale; }
  void visit(IntVisitor& v, const std::string& name);
};

// Multi-head self-attention on int8 tokens [B, N, C]: qkv → q·kᵀ (int32) [+ bias] → Shiftmax → ·v.
// Returns the attention context, int8 [B, N, C] in context.scale steps; the output projection `proj` is a
// per-token Linear that the block applies together with the residual add (after Swin has moved the
// tokens back out of their windows).
struct IntAttention {
  int64_t heads = 1;
  double logitScale = 1;  // the float model's 1/sqrt(head dim)
  IntLinear qkv, proj;
  RequantPoint q, k, v, context;
  Dyadic toLog2;  // logits → base-2 fixed-point exponents
  // Optional additive logit bias (Swin's relative position bias and shift mask): float64 [W or 1, heads, N, N]
  // until calibration, then int64 in the logits' step (stored); W windows repeat over the batch.
  torch::Tensor floatBias, bias;

  torch::Tensor forward(const IntContext& ctx, const torch::Tensor& x, double xStep, const std::string& what);
  void visit(IntVisitor& v, const std::string& name);
};

// fc1 → ShiftGELU: returns the int8 activations in geluOut.scale steps (fc2 runs in the block, fused with
// the residual add).
struct IntMlp {
  IntLinear fc1, fc2;
  RequantPoint geluIn, geluOut;
  Dyadic toLog2;  // GELU's σ(1.702 x) exponent

  torch::Tensor forward(const IntContext& ctx, const torch::Tensor& x, double xStep, const std::string& what);
  void visit(IntVisitor& v, const std::string& name);
};

// A pre-norm transformer block: x + attn(norm1(x)), then + mlp(norm2(·)), residuals in 16 bits.
struct IntTransformerBlock {
  IntLayerNorm norm1, norm2;
  IntAttention attn;
  IntMlp mlp;
  IntResidual res1, res2;

  // `mixTokens` runs attn on norm1's int8 output and returns its context (int8, before proj) in x's layout
  // (Swin moves tokens into windows and back around it; ViT calls attn directly).
  using TokenMixer = std::function<torch::Tensor(const torch::Tensor& normed)>;
  torch::Tensor forward(const IntContext& ctx, const torch::Tensor& x, double xStep, const std::string& name, const TokenMixer& mixTokens);
  double step() const { return res2.step(); }
  void visit(IntVisitor& v, const std::string& name);
};

// timm's token pools on integers, over dimension 1 of [B, N, C]: "avg" (rounded mean), "max", "avgmax"
// (the two averaged with rounding). Keeps the tokens' integer type.
torch::Tensor poolTokens(const torch::Tensor& tokens, const std::string& pool);

// The steps of an int8/int16 output as a float64 [1] tensor.
torch::Tensor stepTensor(double step);

}  // namespace vq
