#include "core/export/graph_converter.h"

#include "core/export/qdq_marker.h"
#include "core/util/error.h"

#include <torch/csrc/jit/ir/constants.h>
#include <torch/torch.h>

namespace vq {

using torch::jit::Node;
using torch::jit::Value;

GraphConverter::GraphConverter(const ModelTrace& trace, OnnxBuilder& builder, int opset_, std::vector<std::string> siteNames)
    : b(builder), opset(opset_), trace_(trace), siteNames_(std::move(siteNames)), batchMultiples_(trace.batchMultiples) {}

bool GraphConverter::isConstant(const Value* v) const { return v->node()->kind() == c10::prim::Constant; }

bool GraphConverter::isNone(const Value* v) const { return isConstant(v) && constant(v).isNone(); }

c10::IValue GraphConverter::constant(const Value* v) const {
  const auto value = torch::jit::toIValue(v);
  if (!value) unsupported(v->node(), "expected a constant, found a value computed from the input");
  return *value;
}

int64_t GraphConverter::intAt(const Node* n, size_t i) const { return constant(n->input(i)).toInt(); }
double GraphConverter::doubleAt(const Node* n, size_t i) const { return constant(n->input(i)).toScalar().toDouble(); }
bool GraphConverter::boolAt(const Node* n, size_t i) const { return constant(n->input(i)).toBool(); }

std::vector<int64_t> GraphConverter::intsAt(const Node* n, size_t i) const {
  const auto value = constant(n->input(i));
  if (value.isInt()) return {value.toInt()};
  return value.toIntVector();
}

std::vector<int64_t> GraphConverter::sizes(const Value* v) const {
  if (const auto type = v->type()->cast<c10::TensorType>())
    if (const auto s = type->sizes().concrete_sizes()) return *s;
  unsupported(v->node(), "a tensor of unknown shape");
}

const std::string& GraphConverter::siteName(int64_t id) const { return siteNames_.at(static_cast<size_t>(id)); }

void GraphConverter::unsupported(const Node* n, const std::string& why) const {
  throw Error(ErrorKind::Input, std::string("cannot export operator ") + n->kind().toQualString() + ": " + why);
}

std::string GraphConverter::input(const Value* v) {
  if (const auto it = names_.find(v); it != names_.end()) return it->second;
  if (weights.count(v)) return weightInput(v, false);
  if (!isConstant(v)) unsupported(v->node(), "its output was never written");
  const auto value = constant(v);
  std::string name;
  if (value.isTensor()) {
    auto t = value.toTensor();
    if (t.scalar_type() == torch::kFloat64) t = t.to(torch::kFloat32);
    name = b.tensor(t, "const");
  } else if (value.isDouble() || value.isInt() || value.isBool()) {
    name = b.scalar(static_cast<float>(value.toScalar().toDouble()));
  } else {
    unsupported(v->node(), "a constant that is not a tensor or a number");
  }
  names_[v] = name;
  return name;
}

std::string GraphConverter::batchSize() {
  if (batchSize_.empty()) {
    const auto shape = b.op("Shape", {"input"}, "input_shape");
    batchSize_ = b.op("Slice", {shape, b.int64s({0}), b.int64s({1}), b.int64s({0})}, "batch");
  }
  return batchSize_;
}

std::string GraphConverter::shapeInput(const Value* v, std::optional<int64_t> minusOneAs) {
  auto values = constant(v).isInt() ? std::vector<int64_t>{constant(v).toInt()} : constant(v).toIntVector();
  if (minusOneAs)
    for (auto& x : values)
      if (x == -1) x = *minusOneAs;
  const auto it = batchMultiples_.find(v);
  if (it == batchMultiples_.end()) return b.int64s(values);
  // Runs of fixed entries as initializers, batch entries as k·batch, concatenated.
  std::vector<std::string> pieces;
  std::vector<int64_t> run;
  for (size_t i = 0; i < values.size(); ++i) {
    const auto k = it->second[i];
    if (k == 0) {
      run.push_back(values[i]);
      continue;
    }
    if (!run.empty()) pieces.push_back(b.int64s(run)), run.clear();
    pieces.push_back(k == 1 ? batchSize() : b.op("Mul", {batchSize(), b.int64s({k})}, "batch_times"));
  }
  if (!run.empty()) pieces.push_back(b.int64s(run));
  if (pieces.size() == 1) return pieces.front();
  const auto out = b.op("Concat", pieces, "shape");
  setAttr(b.last(), "axis", int64_t{0});
  return out;
}

std::string GraphConverter::weightInput(const Value* v, bool transposed) {
  const auto& w = weights.at(v);
  auto codes = w.codes;
  auto axis = w.axis;
  if (transposed) {
    if (codes.dim() != 2) unsupported(v->node(), "a transposed weight that is not 2-D");
    codes = codes.t();
    axis = 1 - axis;
  }
  const auto out = b.fresh(w.site + "_dequantized");
  auto& dq = b.node("DequantizeLinear", {b.tensor(codes, w.site + "_codes"), b.tensor(w.scale, w.site + "_scale"),
                                         b.tensor(w.zeroPoint, w.site + "_zero_point")},
                    {out});
  dq.set_name(w.site + "/DequantizeLinear" + (transposed ? "_T" : ""));
  if (w.scale.dim() == 1) setAttr(dq, "axis", axis);
  if (!transposed) names_[v] = out;
  return out;
}

void GraphConverter::convert(int64_t channels, int64_t height, int64_t width, bool dynamicBatch) {
  auto& graph = *trace_.graph;
  if (graph.inputs().size() != 1 || graph.outputs().size() != 1) throw std::logic_error("a model trace has one input and one output");

  auto* in = b.graph().add_input();
  in->set_name("input");
  auto* inType = in->mutable_type()->mutable_tensor_type();
  inType->set_elem_type(onnx::TensorProto::FLOAT);
  auto* inShape = inType->mutable_shape();
  if (dynamicBatch)
    inShape->add_dim()->set_dim_param("batch");
  else
    inShape->add_dim()->set_dim_value(trace_.batch);
  for (const auto d : {channels, height, width}) inShape->add_dim()->set_dim_value(d);
  names_[graph.inputs()[0]] = "input";

  const auto marker = qdqMarkerSymbol();
  for (const auto* n : graph.nodes()) {
    if (n->kind() == c10::prim::Constant || n->kind() == c10::prim::ListConstruct) continue;  // read by their users
    if (n->kind() == marker) {
      convertQdqMarker(*this, n);
    } else if (!convertAtenOp(*this, n)) {
      unsupported(n, "no ONNX form is written for it");
    }
  }

  const auto* result = graph.outputs()[0];
  b.node("Identity", {input(result)}, {"logits"});
  auto* out = b.graph().add_output();
  out->set_name("logits");
  auto* outType = out->mutable_type()->mutable_tensor_type();
  outType->set_elem_type(onnx::TensorProto::FLOAT);
  auto* outShape = outType->mutable_shape();
  const auto outSizes = sizes(result);
  for (size_t i = 0; i < outSizes.size(); ++i) {
    if (i == 0 && dynamicBatch)
      outShape->add_dim()->set_dim_param("batch");
    else
      outShape->add_dim()->set_dim_value(outSizes[i]);
  }
}

}  // namespace vq
