#pragma once
// I&S-ViT's stage 2 (methods.md §1.5): a per-channel quantizer on a LayerNorm's output becomes a
// per-tensor one without changing any result, by moving each channel's scale and offset into the
// LayerNorm affine (γ, β) and the next Linear's input columns and bias:
//   s̃ = mean(s), z̃ = ⌊mean(z)⌉, r1 = s / s̃, r2 = z − z̃
//   γ' = γ / r1,  β' = (β + s⊙r2) / r1,  W'[:, c] = r1[c]·W[:, c],  b' = b − W·(s⊙r2)
// Channel c's grid {(k − z_c)·s_c} maps onto the shared grid {(k − z̃)·s̃} code for code, so per-tensor
// quantization of the new LayerNorm output equals per-channel quantization of the old one. Done in
// double precision. The Linear's weight quantizer is dropped (its weights changed; re-calibrate it).
#include "core/quant/quant_model.h"

#include <string>
#include <vector>

namespace vq {

struct NormLinearPair {
  std::string norm, linear;  // module paths, e.g. "blocks.0.norm1" → "blocks.0.attn.qkv"
  int inputSite = -1;        // the Linear's input site (quantizes the LayerNorm output)
};

// Every LayerNorm → Linear pair inside transformer blocks: norm1 → attn.qkv and norm2 → mlp.fc1.
std::vector<NormLinearPair> normLinearPairs(const VisionModel& model);

// Folds every pair whose input quantizer is per-channel static (and whose Linear has a bias, so that the
// tensor names stay timm's); returns the paths of the Linears changed.
std::vector<std::string> reparameterizeNormLinear(QuantizedModel& qm);

}  // namespace vq
