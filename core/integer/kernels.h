#pragma once
// The integer kernels an integer-only model runs on. Two engines implement them and must agree bit for
// bit: `reference` (readable int64 tensor expressions, int_ops.h) and `fast` (packed int8 GEMMs on the
// CPU's best ISA (isa.h), fused epilogues and element-wise loops, multi-threaded through LibTorch's pool).
// Output types are part of the contract: 8-bit results are int8, 16-bit results int16, accumulators
// int32, probabilities uint8.
#include "core/integer/dyadic.h"

#include <string>

namespace vq {

struct IntLinear;

class IntKernels {
public:
  virtual ~IntKernels() = default;
  virtual const char* name() const = 0;

  // x int8 [.., in] · weightᵀ + bias → int32 [.., out].
  virtual torch::Tensor linear(const torch::Tensor& x, const IntLinear& layer) const = 0;
  // round(acc · d) clamped to ±(2^(bits−1) − 1); d per channel of the last dimension or one value.
  virtual torch::Tensor requantize(const torch::Tensor& acc, const Dyadic& d, int bits) const = 0;
  // round(a · da) + round(b · db), clamped: the residual add.
  virtual torch::Tensor addRequantized(const torch::Tensor& a, const Dyadic& da, const torch::Tensor& b, const Dyadic& db,
                                       int bits) const = 0;
  // I-LayerNorm over the last dimension: normalise, then (n · gain.m + offset) >> gain.shift, clamped.
  virtual torch::Tensor layerNorm(const torch::Tensor& x, const Dyadic& gain, const torch::Tensor& offset, int bits) const = 0;
  // q, k int8 [B, h, N, d] → q·kᵀ [+ bias] int32 [B, h, N, N]; bias int64 [W, h, N, N] repeats over B/W.
  virtual torch::Tensor attentionLogits(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& bias) const = 0;
  // Shiftmax over the last dimension of int32 logits → uint8 probabilities in 2^-8 steps.
  virtual torch::Tensor shiftmax(const torch::Tensor& logits, const Dyadic& toLog2) const = 0;
  // probs uint8 [B, h, N, N] · v int8 [B, h, N, d] → int32 [B, h, N, d].
  virtual torch::Tensor attentionContext(const torch::Tensor& probs, const torch::Tensor& v) const = 0;
  // ShiftGELU of int8 x, requantised by `out`: x·σ(1.702x) in x's step/256 → int8.
  virtual torch::Tensor gelu(const torch::Tensor& x, const Dyadic& toLog2, const Dyadic& out) const = 0;

  // Fused steps of a transformer block at inference. Each default runs the kernels above one after another
  // (that is the reference); the fast engine overrides them to requantise inside the GEMM epilogues and to
  // keep each head's logits and probabilities in cache. Same integers either way.

  // int8 tokens [B, N, C'] → qkv Linear → q, k, v requantised to int8 by their dyadics (per channel of
  // C = out/3) → int8 [3, B, heads, N, C/heads].
  virtual torch::Tensor attentionInputs(const torch::Tensor& x, const IntLinear& qkv, const Dyadic& dq, const Dyadic& dk,
                                        const Dyadic& dv, int64_t heads) const;
  // Shiftmax(q·kᵀ [+ bias]) · v for qkv int8 [3, B, heads, N, d], requantised by `context` → int8 [B, N, heads·d].
  virtual torch::Tensor attentionCore(const torch::Tensor& qkv, const torch::Tensor& bias, const Dyadic& toLog2,
                                      const Dyadic& context) const;
  // Linear → requantise to int8 by `in` → ShiftGELU (fc1 and the activation) → int8.
  virtual torch::Tensor linearGelu(const torch::Tensor& x, const IntLinear& layer, const Dyadic& in, const Dyadic& toLog2,
                                   const Dyadic& out) const;
  // Linear → the residual add with `identity` (addRequantized) → `bits`-bit integers.
  virtual torch::Tensor linearAddRequantized(const torch::Tensor& x, const IntLinear& layer, const Dyadic& dLayer,
                                             const torch::Tensor& identity, const Dyadic& dIdentity, int bits) const;
};

const IntKernels& referenceKernels();
const IntKernels& fastKernels();
// "reference" or "fast"; throws vq::Error(Usage) for another name.
const IntKernels& kernelsByName(const std::string& name);

// The narrowest signed type for `bits`-bit values (int8 or int16).
torch::ScalarType intTypeFor(int bits);

}  // namespace vq
