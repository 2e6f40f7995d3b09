#include "core/export/qdq_marker.h"

#include <torch/library.h>
#include <torch/torch.h>

namespace vq {
namespace {

torch::Tensor qdqKernel(const torch::Tensor& x, const torch::Tensor& scale, const torch::Tensor& zeroPoint, int64_t qmin,
                        int64_t qmax, int64_t /*site*/) {
  const auto codes = (torch::round(x / scale) + zeroPoint).clamp(static_cast<double>(qmin), static_cast<double>(qmax));
  return (codes - zeroPoint) * scale;
}

}  // namespace

// Registered with the dispatcher so that the tracer records the call as one node (the tracer's generic
// fallback records any registered operator).
TORCH_LIBRARY(vq_export, m) {
  m.def("qdq(Tensor x, Tensor scale, Tensor zero_point, int qmin, int qmax, int site) -> Tensor");
}
TORCH_LIBRARY_IMPL(vq_export, CPU, m) { m.impl("qdq", &qdqKernel); }

c10::Symbol qdqMarkerSymbol() { return c10::Symbol::fromQualString("vq_export::qdq"); }

torch::Tensor applyQdqMarker(const torch::Tensor& x, const QuantParams& params, int site) {
  static const auto op = c10::Dispatcher::singleton()
                             .findSchemaOrThrow("vq_export::qdq", "")
                             .typed<torch::Tensor(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&, int64_t,
                                                  int64_t, int64_t)>();
  return op.call(x, params.scale.to(torch::kFloat32), params.zeroPoint.to(torch::kFloat32), codeMin(params.spec),
                 codeMax(params.spec), site);
}

}  // namespace vq
