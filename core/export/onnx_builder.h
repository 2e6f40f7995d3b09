#pragma once
// A thin layer over ONNX's GraphProto: nodes with unique output names, initializers from LibTorch tensors.
#include <onnx/onnx_pb.h>
#include <torch/types.h>

#include <string>
#include <vector>

namespace vq {

class OnnxBuilder {
public:
  explicit OnnxBuilder(onnx::GraphProto& graph) : graph_(graph) {}

  // A fresh tensor name "<hint>_<n>".
  std::string fresh(const std::string& hint);

  // Adds a node; returns it so that attributes can be set. `outputs` are names made by fresh().
  onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& inputs, const std::vector<std::string>& outputs);
  // One-output shorthand: the output's name is fresh(hint or op).
  std::string op(const std::string& op, const std::vector<std::string>& inputs, const std::string& hint = "");
  onnx::NodeProto& last() { return *graph_.mutable_node(graph_.node_size() - 1); }

  // Initializers: a contiguous copy of t (float32, int64, int8, uint8), named fresh(hint).
  std::string tensor(const torch::Tensor& t, const std::string& hint);
  std::string int64s(const std::vector<int64_t>& values, const std::string& hint = "shape");
  std::string scalar(float value, const std::string& hint = "c");

  onnx::GraphProto& graph() { return graph_; }

private:
  onnx::GraphProto& graph_;
  int64_t counter_ = 0;
};

void setAttr(onnx::NodeProto& node, const std::string& name, int64_t value);
void setAttr(onnx::NodeProto& node, const std::string& name, float value);
void setAttr(onnx::NodeProto& node, const std::string& name, const std::string& value);
void setAttr(onnx::NodeProto& node, const std::string& name, const std::vector<int64_t>& values);

}  // namespace vq
