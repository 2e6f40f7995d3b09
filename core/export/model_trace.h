#pragma once
// A model's forward pass recorded as a TorchScript graph, the form the ONNX writer reads. Every parameter
// becomes a constant, every part of the pass that depends on constants only (Swin's relative-position
// bias and shift masks, MobileViT's unfold indices) is evaluated once, and every quantized site is one
// vq_export::qdq node (export_sites.h, qdq_marker.h).
//
// Shapes the model computes from the batch size (reshape targets, expanded class tokens) are constants in
// a trace. For a graph that takes any batch, the model is traced twice (batch 2 and 3) and every integer
// constant that differs between the traces is recorded as a multiple of the batch: the writer builds those
// from the input's shape.
#include "core/export/export_sites.h"

#include <torch/csrc/jit/ir/ir.h>

#include <map>
#include <memory>
#include <vector>

namespace vq {

struct ModelTrace {
  std::shared_ptr<torch::jit::Graph> graph;
  int64_t batch = 0;  // the batch the graph was traced with (dynamic: 2)
  // Integer and integer-list constants of `graph` whose entries scale with the batch: per entry the
  // factor k (entry = k·batch), 0 where it does not. Empty for a fixed batch.
  std::map<const torch::jit::Value*, std::vector<int64_t>> batchMultiples;
};

// Traces model.forward on an input of [batch, C, H, W] (batch 0: dynamic) with `sites` standing in for the
// quantizers. H, W: the model's fixed size, or `side` for models that take any size. Throws vq::Error(Input)
// when the pass depends on the batch in a way a graph cannot express.
ModelTrace traceModel(VisionModel& model, ExportSiteHook& sites, int64_t batch, int64_t side);

}  // namespace vq
