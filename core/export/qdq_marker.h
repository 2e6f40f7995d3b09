#pragma once
// The one operator a quantized site becomes while a model is traced for export:
//   vq_export::qdq(x, scale, zero_point, qmin, qmax, site) -> Tensor
// It computes exactly the fake quantization of a uniform quantizer, clamp(round(x/s) + z, qmin, qmax) − z) · s,
// so the traced values stay those of the quantized model, and it survives tracing as a single node that
// the ONNX writer turns into QuantizeLinear/DequantizeLinear.
#include "core/quant/quantizer.h"

#include <torch/csrc/jit/ir/ir.h>

namespace vq {

// The traced graph's symbol for the marker.
c10::Symbol qdqMarkerSymbol();

// Applies the marker to x with a static uniform quantizer's parameters; `site` is the SiteInfo id.
torch::Tensor applyQdqMarker(const torch::Tensor& x, const QuantParams& params, int site);

}  // namespace vq
