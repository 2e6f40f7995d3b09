#pragma once
// I&S-ViT's stage 2 (docs/design/methods.md §1.5): a per-channel quantizer on a norm's output becomes a per-tensor one
// without changing any result, by moving each channel's scale and offset into the norm's affine (γ, β) and
// the next projection's input columns and bias:
//   s̃ = mean(s), z̃ = ⌊mean(z)⌉, r1 = s / s̃, r2 = z − z̃
//   γ' = γ / r1,  β' = (β + s⊙r2) / r1,  W'[:, c] = r1[c]·W[:, c],  b' = b − W·(s⊙r2)
// Channel c's grid {(k − z_c)·s_c} maps onto the shared grid {(k − z̃)·s̃} code for code, so per-tensor
// quantization of the new norm output equals per-channel quantization of the old one. The algebra only
// needs a per-channel affine after a normalisation that does not depend on γ, β: LayerNorm, and GroupNorm
// with one group (MobileViT v2); and a projection that mixes channels linearly: Linear, or a 1×1
// convolution (MobileViT v2's qkv_proj and fc1). Done in double precision. The projection's weight
// quantizer is dropped (its weights changed; re-calibrate it).
#include "core/quant/quant_model.h"

#include <string>
#include <vector>

namespace vq {

struct NormLinearPair {
  std::string norm, linear;  // module paths, e.g. "blocks.0.norm1" → "blocks.0.attn.qkv"
  int inputSite = -1;        // the projection's input site (quantizes the norm's output)
  int channelAxis = -1;      // the channel axis at that site: last for tokens, 1 for NCHW feature maps
};

// Every norm → projection pair inside transformer blocks that can be folded exactly: norm1 → attn.qkv
// (attn.qkv_proj in MobileViT v2) and norm2 → mlp.fc1, where the norm is a LayerNorm or a one-group
// GroupNorm and the projection a Linear or 1×1 convolution with a bias (a bias-free one would need a new
// tensor name). Pairs outside this list are never made channel-wise by I&S-ViT's stage 1.
std::vector<NormLinearPair> normLinearPairs(const VisionModel& model);

// Folds every pair whose input quantizer is per channel; returns the paths of the projections changed.
// A per-channel quantizer that cannot be folded exactly (not uniform, or along another axis than the
// channels) is a std::logic_error naming the site: a channel-wise site is never left behind silently.
std::vector<std::string> reparameterizeNormLinear(QuantizedModel& qm);

}  // namespace vq
