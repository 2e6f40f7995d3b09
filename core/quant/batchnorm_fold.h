#pragma once
// Folds each BatchNorm into the convolution before it (Q-HyViT, docs/design/methods.md §3.2 C3), so that the
// weights a quantizer sees are the ones the layer really applies:
//   W' = W·γ/σ,  b'_conv = b·γ/σ (when the conv has a bias),  σ = sqrt(running_var + eps)
// The BatchNorm stays in the graph as a plain shift by β − γμ/σ (weight 1, mean 0, var 1 − eps), so
// the tensor names stay timm's and a saved model loads into the same architecture. Exact up to float
// rounding; done in double precision.
#include "core/model/model.h"

#include <string>
#include <vector>

namespace vq {

// Returns the conv module paths whose BatchNorm was folded (conv-bn-act layers of MobileViT models).
std::vector<std::string> foldBatchNorms(VisionModel& model);

}  // namespace vq
