#pragma once
// int8 × int8 → int32 matrix products for the fast integer engine. Weights are packed once into int16
// pairs so that one AVX2 vpmaddwd multiplies 8 outputs × 2 inputs exactly (no 16-bit saturation, unlike
// vpmaddubsw); without AVX2 a plain loop computes the same integers.
#include <torch/types.h>

namespace vq {

// A weight matrix int8 [N, K] as int16 [N/8 blocks][K/2 pairs][8 outputs × 2 inputs], zero-padded.
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
