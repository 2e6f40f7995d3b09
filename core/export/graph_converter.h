#pragma once
// Turns a traced model (model_trace.h) into an ONNX graph: a walk over the trace's nodes in order, each
// aten operator written as standard ONNX operators (aten_ops.cpp) and each QDQ marker as
// QuantizeLinear/DequantizeLinear (qdq_ops.cpp). Constants become initializers when a node first uses them.
#include "core/export/model_trace.h"
#include "core/export/onnx_builder.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vq {

// A weight's QDQ marker, held back until its consumer says which layout it wants (MatMul reads Wᵀ).
struct PendingWeight {
  torch::Tensor codes;      // container codes (int8 or uint8), the weight's own layout
  torch::Tensor scale;      // [channels] or []
  torch::Tensor zeroPoint;  // container dtype, shaped as scale
  int64_t axis = 0;         // channel axis in the weight's layout (per channel only)
  std::string site;
};

class GraphConverter {
public:
  GraphConverter(const ModelTrace& trace, OnnxBuilder& builder, int opset, std::vector<std::string> siteNames);

  // Converts every node; names the graph's input "input" and its output "logits".
  void convert(int64_t channels, int64_t height, int64_t width, bool dynamicBatch);

  OnnxBuilder& b;
  const int opset;

  // ---- what the op converters read
  bool isConstant(const torch::jit::Value* v) const;
  bool isNone(const torch::jit::Value* v) const;
  c10::IValue constant(const torch::jit::Value* v) const;  // throws unless v is a constant
  int64_t intAt(const torch::jit::Node* n, size_t i) const;
  double doubleAt(const torch::jit::Node* n, size_t i) const;
  bool boolAt(const torch::jit::Node* n, size_t i) const;
  std::vector<int64_t> intsAt(const torch::jit::Node* n, size_t i) const;
  std::vector<int64_t> sizes(const torch::jit::Value* v) const;  // as traced
  int64_t rank(const torch::jit::Value* v) const { return static_cast<int64_t>(sizes(v).size()); }
  bool batchDependent(const torch::jit::Value* v) const { return batchMultiples_.count(v) > 0; }

  // The ONNX name of a tensor (or scalar, as a float32 scalar) value.
  std::string input(const torch::jit::Value* v);
  // An int64 1-D tensor of an int list constant; entries that scale with the batch are computed from the input's
  // batch; `minusOneAs` replaces -1 entries (Expand has no -1: 1 keeps the input's size).
  std::string shapeInput(const torch::jit::Value* v, std::optional<int64_t> minusOneAs = std::nullopt);
  // The input's batch as an int64 [1] tensor.
  std::string batchSize();
  void bind(const torch::jit::Value* v, const std::string& name) { names_[v] = name; }
  [[noreturn]] void unsupported(const torch::jit::Node* n, const std::string& why) const;

  // ---- QDQ weights
  std::map<const torch::jit::Value*, PendingWeight> weights;
  // The weight, dequantized, transposed when `transposed` (a 2-D weight as MatMul's right operand).
  std::string weightInput(const torch::jit::Value* v, bool transposed);
  const std::string& siteName(int64_t id) const;

private:
  const ModelTrace& trace_;
  std::vector<std::string> siteNames_;
  const std::map<const torch::jit::Value*, std::vector<int64_t>>& batchMultiples_;
  std::map<const torch::jit::Value*, std::string> names_;
  std::string batchSize_;
};

// The converters: aten operators (aten_ops.cpp) and the QDQ marker (qdq_ops.cpp). Each writes the node's
// ONNX form and binds its outputs; false when the operator is not known.
bool convertAtenOp(GraphConverter& g, const torch::jit::Node* n);
void convertQdqMarker(GraphConverter& g, const torch::jit::Node* n);

}  // namespace vq
