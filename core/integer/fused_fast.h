#pragma once
// The fast engine's fused transformer steps (IntKernels' fused methods): requantisation, GELU and the
// residual add run in the GEMM epilogue on each tile while it is in cache, q/k/v are written straight
// into per-head layout, and each head's logits and probabilities live in a per-thread buffer between
// q·kᵀ, Shiftmax and ·v. The integers are those of the plain kernel sequence (fused_defaults.cpp).
#include "core/integer/dyadic.h"

#include <torch/types.h>

#include <vector>

namespace vq {

struct IntLinear;

namespace fused {

// A dyadic's multipliers as int32 (|m| < 2^31), one per column: a single multiplier is repeated.
std::vector<int32_t> columnMultipliers(const Dyadic& d, int64_t columns);

torch::Tensor attentionInputs(const torch::Tensor& x, const IntLinear& qkv, const Dyadic& dq, const Dyadic& dk, const Dyadic& dv,
                              int64_t heads);
torch::Tensor attentionCore(const torch::Tensor& qkv, const torch::Tensor& bias, const Dyadic& toLog2, const Dyadic& context);
// `table`: ShiftGELU (with its output requantisation) of every int8 input, indexed by x + 128.
torch::Tensor linearGelu(const torch::Tensor& x, const IntLinear& layer, const Dyadic& in, const int8_t* table);
// 16-bit outputs only (the residual stream's width).
torch::Tensor linearAddRequantized(const torch::Tensor& x, const IntLinear& layer, const Dyadic& dLayer, const torch::Tensor& identity,
                                   const Dyadic& dIdentity);

}  // namespace fused
}  // namespace vq
