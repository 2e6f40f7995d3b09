#pragma once
// What a layer-wise search needs to know about each Linear/Conv layer over a set of images: its float
// input and output, and the squared gradient of the quantized model's divergence from the float model
// at its output (the diagonal Fisher approximation of the output Hessian, docs/design/methods.md §3.3). Tensors are
// captured batch by batch and concatenated along dim 0, so every layer's rows line up across the three.
#include "core/quant/quant_model.h"
#include "core/util/progress.h"

#include <map>
#include <vector>

namespace vq {

// A Linear/Conv layer, named by its sites.
struct LayerSites {
  std::string module;
  int weightSite = -1, inputSite = -1;  // inputSite -1: the layer has none
};

// Every layer whose weight site is quantized in `qm`, in site (forward) order.
std::vector<LayerSites> quantizedLayers(const QuantizedModel& qm);

struct LayerTensors {
  torch::Tensor input, output;  // float model
  torch::Tensor gradSquared;    // (∂KL/∂output)², same shape as output
};

// Keyed by weight site. `layers` selects what to keep; everything runs with the quantizers off except
// the gradient pass, which runs `qm` as it stands.
std::map<int, LayerTensors> captureLayers(QuantizedModel& qm, const std::vector<LayerSites>& layers, const torch::Tensor& images,
                                          int64_t batchSize, const CancelToken& cancel = {});

// Stops a forward pass once a hook has what it needs.
struct StopForward {};

}  // namespace vq
