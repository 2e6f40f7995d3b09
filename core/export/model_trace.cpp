#include "core/export/model_trace.h"

#include "core/export/qdq_marker.h"
#include "core/util/error.h"

#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/passes/constant_propagation.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>
#include <torch/torch.h>

#include <set>

namespace vq {
namespace {

using torch::jit::Graph;
using torch::jit::Node;

bool allInputsConstant(const Node* n) {
  for (const auto* v : n->inputs())
    if (v->node()->kind() != c10::prim::Constant) return false;
  return true;
}

// Evaluates every node whose inputs are all constants, except the QDQ markers (a weight's marker must stay
// a node: it becomes the weight's integer codes and its DequantizeLinear) and the nodes in `keep` (a class
// token expanded to the batch is made of constants, but its shape must stay a function of the batch).
void foldConstants(const std::shared_ptr<Graph>& graph, const std::set<const Node*>& keep = {}) {
  const auto marker = qdqMarkerSymbol();
  for (auto* n : graph->nodes()) {
    if (n->kind() == c10::prim::Constant || n->kind() == marker || keep.count(n) || !allInputsConstant(n)) continue;
    const auto values = torch::jit::runNodeIfInputsAreConstant(n);
    if (!values || values->size() != n->outputs().size()) continue;
    torch::jit::WithInsertPoint here(n);
    std::vector<torch::jit::Value*> constants;
    for (const auto& value : *values) {
      const auto c = torch::jit::tryInsertConstant(*graph, value);
      if (!c) break;
      constants.push_back(*c);
    }
    if (constants.size() != values->size()) continue;
    for (size_t i = 0; i < constants.size(); ++i) {
      if (n->outputs()[i]->type()->kind() == c10::TypeKind::TensorType) constants[i]->setType(n->outputs()[i]->type());
      n->outputs()[i]->replaceAllUsesWith(constants[i]);
    }
  }
  torch::jit::EliminateDeadCode(graph);
}

std::shared_ptr<Graph> traceOnce(VisionModel& model, ExportSiteHook& sites, int64_t batch, int64_t height, int64_t width) {
  // Any values do (the pass does not branch on them); a ramp leaves the global random generator alone.
  const auto input = torch::linspace(-1, 1, batch * model.inputChannels * height * width).reshape({batch, model.inputChannels, height, width});
  ScopedSiteHook hook(model.sites(), &sites);
  auto forward = [&model](torch::jit::Stack in) -> torch::jit::Stack { return {model.forward(in.at(0).toTensor())}; };
  auto noNames = [](const torch::autograd::Variable&) { return std::string(); };
  return torch::jit::tracer::trace({input}, forward, noNames, /*strict=*/false).first->graph;
}

std::vector<int64_t> tensorSizes(const torch::jit::Value* v) {
  const auto type = v->type()->cast<c10::TensorType>();
  if (!type) return {};
  const auto sizes = type->sizes().concrete_sizes();
  return sizes ? *sizes : std::vector<int64_t>{};
}

[[noreturn]] void batchFailure(const std::string& why) {
  throw Error(ErrorKind::Input, "the model's forward pass depends on the batch size in a way ONNX export cannot express (" +
                                    why + "); export it with --batch N");
}

// The nodes of the traces at batch 2 and 3 whose outputs differ in shape: what must not be folded.
std::pair<std::set<const Node*>, std::set<const Node*>> batchShaped(const Graph& two, const Graph& three) {
  std::pair<std::set<const Node*>, std::set<const Node*>> shaped;
  auto a = two.nodes().begin(), b = three.nodes().begin();
  for (; a != two.nodes().end() && b != three.nodes().end(); ++a, ++b) {
    if (a->kind() != b->kind() || a->outputs().size() != b->outputs().size()) batchFailure("the traces differ in their operations");
    for (size_t i = 0; i < a->outputs().size(); ++i)
      if (tensorSizes(a->outputs()[i]) != tensorSizes(b->outputs()[i])) {
        shaped.first.insert(*a);
        shaped.second.insert(*b);
      }
  }
  if (a != two.nodes().end() || b != three.nodes().end()) batchFailure("the traces differ in length");
  return shaped;
}

std::vector<int64_t> integerEntries(const torch::jit::Value* v) {
  const auto value = torch::jit::toIValue(v);
  if (!value) return {};
  if (value->isInt()) return {value->toInt()};
  if (value->isIntList()) return value->toIntVector();
  return {};
}

// Walks the traces at batch 2 and 3 side by side and records, in the first, which integer entries are k·batch.
std::map<const torch::jit::Value*, std::vector<int64_t>> batchMultiples(const Graph& two, const Graph& three) {
  const auto fail = batchFailure;
  std::map<const torch::jit::Value*, std::vector<int64_t>> multiples;
  auto a = two.nodes().begin(), b = three.nodes().begin();
  for (; a != two.nodes().end() && b != three.nodes().end(); ++a, ++b) {
    if (a->kind() != b->kind()) fail("the traces differ in their operations");
    if (a->kind() != c10::prim::Constant || a->outputs().size() != 1) continue;
    const auto x = integerEntries(a->output()), y = integerEntries(b->output());
    if (x.size() != y.size()) fail("a shape has a different length");
    if (x == y) {
      const auto ta = torch::jit::toIValue(a->output()), tb = torch::jit::toIValue(b->output());
      if (ta && tb && ta->isTensor() && tb->isTensor() && !ta->toTensor().sizes().equals(tb->toTensor().sizes()))
        fail("a constant tensor has the batch in its shape");
      continue;
    }
    std::vector<int64_t> k(x.size(), 0);
    for (size_t i = 0; i < x.size(); ++i) {
      if (x[i] == y[i]) continue;
      if (y[i] - x[i] == 0 || x[i] != 2 * (y[i] - x[i])) fail("a size is not a multiple of the batch");
      k[i] = y[i] - x[i];
    }
    multiples[a->output()] = k;
  }
  if (a != two.nodes().end() || b != three.nodes().end()) fail("the traces differ in length");
  return multiples;
}

}  // namespace

ModelTrace traceModel(VisionModel& model, ExportSiteHook& sites, int64_t batch, int64_t side) {
  // Parameters become graph constants, which the tracer accepts only without gradients.
  for (auto& p : model.parameters()) p.set_requires_grad(false);
  model.eval();
  torch::NoGradGuard noGrad;
  const int64_t height = model.inputHeight > 0 ? model.inputHeight : side;
  const int64_t width = model.inputWidth > 0 ? model.inputWidth : side;
  ModelTrace trace;
  if (batch > 0) {
    trace.batch = batch;
    trace.graph = traceOnce(model, sites, batch, height, width);
    foldConstants(trace.graph);
    return trace;
  }
  trace.batch = 2;
  trace.graph = traceOnce(model, sites, 2, height, width);
  const auto three = traceOnce(model, sites, 3, height, width);
  const auto keep = batchShaped(*trace.graph, *three);
  foldConstants(trace.graph, keep.first);
  foldConstants(three, keep.second);
  trace.batchMultiples = batchMultiples(*trace.graph, *three);
  return trace;
}

}  // namespace vq
