#include "core/export/onnx_builder.h"

#include <torch/torch.h>

#include <stdexcept>

namespace vq {
namespace {

int onnxType(torch::ScalarType t) {
  switch (t) {
    case torch::kFloat32: return onnx::TensorProto::FLOAT;
    case torch::kInt64: return onnx::TensorProto::INT64;
    case torch::kInt8: return onnx::TensorProto::INT8;
    case torch::kUInt8: return onnx::TensorProto::UINT8;
    case torch::kBool: return onnx::TensorProto::BOOL;
    default: throw std::logic_error(std::string("no ONNX initializer for ") + c10::toString(t));
  }
}

}  // namespace

std::string OnnxBuilder::fresh(const std::string& hint) { return hint + "_" + std::to_string(counter_++); }

onnx::NodeProto& OnnxBuilder::node(const std::string& opType, const std::vector<std::string>& inputs,
                                   const std::vector<std::string>& outputs) {
  auto* n = graph_.add_node();
  n->set_op_type(opType);
  n->set_name(fresh(opType));
  for (const auto& i : inputs) n->add_input(i);
  for (const auto& o : outputs) n->add_output(o);
  return *n;
}

std::string OnnxBuilder::op(const std::string& opType, const std::vector<std::string>& inputs, const std::string& hint) {
  const auto out = fresh(hint.empty() ? opType : hint);
  node(opType, inputs, {out});
  return out;
}

std::string OnnxBuilder::tensor(const torch::Tensor& t, const std::string& hint) {
  const auto c = t.contiguous().cpu();
  auto* init = graph_.add_initializer();
  const auto name = fresh(hint);
  init->set_name(name);
  init->set_data_type(onnxType(c.scalar_type()));
  for (const auto d : c.sizes()) init->add_dims(d);
  init->set_raw_data(std::string(static_cast<const char*>(c.data_ptr()), c.numel() * c.element_size()));
  return name;
}

std::string OnnxBuilder::int64s(const std::vector<int64_t>& values, const std::string& hint) {
  return tensor(torch::tensor(values, torch::kInt64), hint);
}

std::string OnnxBuilder::scalar(float value, const std::string& hint) { return tensor(torch::tensor(value), hint); }

void setAttr(onnx::NodeProto& node, const std::string& name, int64_t value) {
  auto* a = node.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(value);
}

void setAttr(onnx::NodeProto& node, const std::string& name, float value) {
  auto* a = node.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(value);
}

void setAttr(onnx::NodeProto& node, const std::string& name, const std::string& value) {
  auto* a = node.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(value);
}

void setAttr(onnx::NodeProto& node, const std::string& name, const std::vector<int64_t>& values) {
  auto* a = node.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (const auto v : values) a->add_ints(v);
}

}  // namespace vq
