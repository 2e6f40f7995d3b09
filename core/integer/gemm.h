#pragma once
// int8 × int8 → int32 matrix products for the fast integer engine. Weights are packed once as int8 quads
// (8 outputs × 4 inputs per 32 bytes). The AVX2 kernel multiplies |x| (unsigned) by the weights carrying
// x's sign (vpsignb) with vpmaddubsw: both factors stay within ±127 (weights and activations are
// symmetric int8), so each 16-bit pair sum is at most 2·127·128 < 2^15 and never saturates — the result is
// exact, as the reference computes it. Without AVX2 a plain loop computes the same integers.
#include <torch/types.h>

namespace vq {

// A weight matrix int8 [N, K] (values in ±127) as int8 [N/8 blocks][K/4 quads][8 outputs × 4 inputs], zero-padded.
struct PackedWeights {
  torch::Tensor data;
  int64_t N = 0, K = 0;
};

PackedWeights packWeights(const torch::Tensor& weight);

// x int8 [M, K] · weightᵀ + bias (int32 [N]) → int32 [M, N].
torch::Tensor gemmInt8(const torch::Tensor& x, const PackedWeights& packed, const torch::Tensor& bias);

// Whether gemmInt8 runs its AVX2 kernel on this CPU.
bool gemmUsesAvx2();

}  // namespace vq
