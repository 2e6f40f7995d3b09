// aten operators of a traced model, written as standard ONNX (opset 13..17). Argument positions follow
// the aten schemas (native_functions.yaml), e.g. aten::_convolution(input, weight, bias, stride, padding,
// dilation, transposed, output_padding, groups, ...).
#include "core/export/graph_converter.h"

#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <numeric>
#include <unordered_map>

namespace vq {
namespace {

using torch::jit::Node;
using Converter = std::function<void(GraphConverter&, const Node*)>;

int64_t normAxis(int64_t axis, int64_t rank) { return axis < 0 ? axis + rank : axis; }

void same(GraphConverter& g, const Node* n) { g.bind(n->output(), g.input(n->input(0))); }

void unary(GraphConverter& g, const Node* n, const std::string& op) { g.bind(n->output(), g.b.op(op, {g.input(n->input(0))})); }

// add/sub(a, b, alpha): alpha scales b.
void addSub(GraphConverter& g, const Node* n, const std::string& op) {
  auto rhs = g.input(n->input(1));
  if (n->inputs().size() > 2 && g.doubleAt(n, 2) != 1.0) rhs = g.b.op("Mul", {rhs, g.b.scalar(static_cast<float>(g.doubleAt(n, 2)))});
  g.bind(n->output(), g.b.op(op, {g.input(n->input(0)), rhs}));
}

void binary(GraphConverter& g, const Node* n, const std::string& op) {
  g.bind(n->output(), g.b.op(op, {g.input(n->input(0)), g.input(n->input(1))}));
}

void convolution(GraphConverter& g, const Node* n) {
  if (g.boolAt(n, 6)) g.unsupported(n, "transposed convolutions are not written");
  const auto weightShape = g.sizes(n->input(1));
  std::vector<std::string> inputs{g.input(n->input(0)), g.input(n->input(1))};
  if (!g.isNone(n->input(2))) inputs.push_back(g.input(n->input(2)));
  const auto out = g.b.op("Conv", inputs);
  auto& conv = g.b.last();
  auto pads = g.intsAt(n, 4);
  const auto spatial = weightShape.size() - 2;
  if (pads.size() == 1) pads.assign(spatial, pads[0]);
  auto strides = g.intsAt(n, 3), dilations = g.intsAt(n, 5);
  if (strides.size() == 1) strides.assign(spatial, strides[0]);
  if (dilations.size() == 1) dilations.assign(spatial, dilations[0]);
  std::vector<int64_t> onnxPads(pads);
  onnxPads.insert(onnxPads.end(), pads.begin(), pads.end());
  setAttr(conv, "kernel_shape", std::vector<int64_t>(weightShape.begin() + 2, weightShape.end()));
  setAttr(conv, "strides", strides);
  setAttr(conv, "pads", onnxPads);
  setAttr(conv, "dilations", dilations);
  setAttr(conv, "group", g.intAt(n, 8));
  g.bind(n->output(), out);
}

// linear(x, W, b) = x·Wᵀ + b: MatMul reads Wᵀ, written transposed once (with its codes when quantized).
void linear(GraphConverter& g, const Node* n) {
  const auto* w = n->input(1);
  std::string wt;
  if (g.weights.count(w))
    wt = g.weightInput(w, /*transposed=*/true);
  else if (g.isConstant(w))
    wt = g.b.tensor(g.constant(w).toTensor().t().contiguous(), "weight_t");
  else {
    wt = g.b.op("Transpose", {g.input(w)});
    setAttr(g.b.last(), "perm", std::vector<int64_t>{1, 0});
  }
  auto out = g.b.op("MatMul", {g.input(n->input(0)), wt});
  if (!g.isNone(n->input(2))) out = g.b.op("Add", {out, g.input(n->input(2))});
  g.bind(n->output(), out);
}

// Mean and variance over `axes` (biased, as LayerNorm's), then (x − μ)/√(σ² + ε).
std::string normalize(GraphConverter& g, const std::string& x, const std::vector<int64_t>& axes, double eps) {
  const auto mean = g.b.op("ReduceMean", {x});
  setAttr(g.b.last(), "axes", axes);
  const auto centred = g.b.op("Sub", {x, mean});
  const auto var = g.b.op("ReduceMean", {g.b.op("Mul", {centred, centred})});
  setAttr(g.b.last(), "axes", axes);
  const auto std = g.b.op("Sqrt", {g.b.op("Add", {var, g.b.scalar(static_cast<float>(eps))})});
  return g.b.op("Div", {centred, std});
}

void layerNorm(GraphConverter& g, const Node* n) {
  const auto normalized = g.intsAt(n, 1);
  const auto rank = g.rank(n->input(0));
  const auto axis = rank - static_cast<int64_t>(normalized.size());
  const auto eps = g.doubleAt(n, 4);
  const auto x = g.input(n->input(0));
  std::string out;
  if (g.opset >= 17) {
    std::vector<std::string> inputs{x, g.input(n->input(2))};
    if (!g.isNone(n->input(3))) inputs.push_back(g.input(n->input(3)));
    out = g.b.op("LayerNormalization", inputs);
    setAttr(g.b.last(), "axis", axis);
    setAttr(g.b.last(), "epsilon", static_cast<float>(eps));
  } else {
    std::vector<int64_t> axes(normalized.size());
    std::iota(axes.begin(), axes.end(), axis);
    out = normalize(g, x, axes, eps);
    if (!g.isNone(n->input(2))) out = g.b.op("Mul", {out, g.input(n->input(2))});
    if (!g.isNone(n->input(3))) out = g.b.op("Add", {out, g.input(n->input(3))});
  }
  g.bind(n->output(), out);
}

// group_norm(x, groups, weight, bias, eps): x as [B, groups, rest], normalised over rest, per-channel affine.
// (GroupNormalization is opset 18.)
void groupNorm(GraphConverter& g, const Node* n) {
  const auto shape = g.sizes(n->input(0));
  const auto groups = g.intAt(n, 1);
  const auto eps = g.doubleAt(n, 4);
  const auto x = g.input(n->input(0));
  const auto grouped = g.b.op("Reshape", {x, g.b.int64s({0, groups, -1})});
  auto out = g.b.op("Reshape", {normalize(g, grouped, {2}, eps), g.b.op("Shape", {x})});
  std::vector<int64_t> channelShape(shape.size() - 1, 1);
  channelShape[0] = shape[1];
  const auto perChannel = [&](const torch::jit::Value* v) {
    return g.b.tensor(g.constant(v).toTensor().to(torch::kFloat32).reshape(channelShape), "group_norm_affine");
  };
  if (!g.isNone(n->input(2))) out = g.b.op("Mul", {out, perChannel(n->input(2))});
  if (!g.isNone(n->input(3))) out = g.b.op("Add", {out, perChannel(n->input(3))});
  g.bind(n->output(), out);
}

// batch_norm(x, weight, bias, running_mean, running_var, training, momentum, eps, cudnn): inference form.
void batchNorm(GraphConverter& g, const Node* n) {
  if (g.boolAt(n, 5)) g.unsupported(n, "batch statistics (the model is in training mode)");
  const auto channels = g.sizes(n->input(0)).at(1);
  const auto param = [&](size_t i, float fill) {
    return g.isNone(n->input(i)) ? g.b.tensor(torch::full({channels}, fill), "bn") : g.input(n->input(i));
  };
  const auto out = g.b.op("BatchNormalization", {g.input(n->input(0)), param(1, 1), param(2, 0), param(3, 0), param(4, 1)});
  setAttr(g.b.last(), "epsilon", static_cast<float>(g.doubleAt(n, 7)));
  g.bind(n->output(), out);
}

// gelu(x, approximate): the erf form, or tanh's.
void gelu(GraphConverter& g, const Node* n) {
  const auto x = g.input(n->input(0));
  const auto approximate = n->inputs().size() > 1 ? g.constant(n->input(1)).toStringRef() : std::string("none");
  std::string inner;
  if (approximate == "tanh") {
    const auto cube = g.b.op("Mul", {x, g.b.op("Mul", {x, x})});
    const auto poly = g.b.op("Add", {x, g.b.op("Mul", {cube, g.b.scalar(0.044715f)})});
    inner = g.b.op("Tanh", {g.b.op("Mul", {poly, g.b.scalar(static_cast<float>(std::sqrt(2.0 / M_PI)))})});
  } else {
    inner = g.b.op("Erf", {g.b.op("Div", {x, g.b.scalar(static_cast<float>(M_SQRT2))})});
  }
  const auto half = g.b.op("Mul", {g.b.op("Add", {inner, g.b.scalar(1.0f)}), g.b.scalar(0.5f)});
  g.bind(n->output(), g.b.op("Mul", {x, half}));
}

void silu(GraphConverter& g, const Node* n) {
  const auto x = g.input(n->input(0));
  g.bind(n->output(), g.b.op("Mul", {x, g.b.op("Sigmoid", {x})}));
}

void softmax(GraphConverter& g, const Node* n) {
  const auto out = g.b.op("Softmax", {g.input(n->input(0))});
  setAttr(g.b.last(), "axis", g.intAt(n, 1));
  g.bind(n->output(), out);
}

void transposeOp(GraphConverter& g, const Node* n, std::vector<int64_t> perm) {
  const auto out = g.b.op("Transpose", {g.input(n->input(0))});
  setAttr(g.b.last(), "perm", perm);
  g.bind(n->output(), out);
}

void permute(GraphConverter& g, const Node* n) {
  const auto rank = g.rank(n->input(0));
  auto perm = g.intsAt(n, 1);
  for (auto& p : perm) p = normAxis(p, rank);
  transposeOp(g, n, perm);
}

void transpose(GraphConverter& g, const Node* n) {
  const auto rank = g.rank(n->input(0));
  std::vector<int64_t> perm(static_cast<size_t>(rank));
  std::iota(perm.begin(), perm.end(), 0);
  if (rank < 2) return same(g, n);  // t() of a vector
  const auto a = n->inputs().size() > 1 ? normAxis(g.intAt(n, 1), rank) : 0;
  const auto b = n->inputs().size() > 2 ? normAxis(g.intAt(n, 2), rank) : 1;
  std::swap(perm[static_cast<size_t>(a)], perm[static_cast<size_t>(b)]);
  transposeOp(g, n, perm);
}

void reshape(GraphConverter& g, const Node* n) {
  g.bind(n->output(), g.b.op("Reshape", {g.input(n->input(0)), g.shapeInput(n->input(1))}));
}

// flatten(x, start, end): the dims before start copied (0), the range as -1, the dims after it as traced.
void flatten(GraphConverter& g, const Node* n) {
  const auto shape = g.sizes(n->input(0));
  const auto rank = static_cast<int64_t>(shape.size());
  const auto start = normAxis(g.intAt(n, 1), rank), end = normAxis(g.intAt(n, 2), rank);
  std::vector<int64_t> target(static_cast<size_t>(start), 0);
  target.push_back(-1);
  target.insert(target.end(), shape.begin() + end + 1, shape.end());
  g.bind(n->output(), g.b.op("Reshape", {g.input(n->input(0)), g.b.int64s(target)}));
}

void select(GraphConverter& g, const Node* n) {
  const auto out = g.b.op("Gather", {g.input(n->input(0)), g.b.tensor(torch::tensor(g.intAt(n, 2), torch::kInt64), "index")});
  setAttr(g.b.last(), "axis", g.intAt(n, 1));
  g.bind(n->output(), out);
}

std::string sliceOf(GraphConverter& g, const std::string& x, int64_t axis, int64_t start, int64_t end, int64_t step = 1) {
  return g.b.op("Slice", {x, g.b.int64s({start}), g.b.int64s({end}), g.b.int64s({axis}), g.b.int64s({step})});
}

void narrow(GraphConverter& g, const Node* n) {
  const auto start = g.intAt(n, 2);
  g.bind(n->output(), sliceOf(g, g.input(n->input(0)), g.intAt(n, 1), start, start + g.intAt(n, 3)));
}

// slice(x, dim, start, end, step); None start/end are the ends of the axis.
void slice(GraphConverter& g, const Node* n) {
  const auto start = g.isNone(n->input(2)) ? 0 : g.intAt(n, 2);
  const auto end = g.isNone(n->input(3)) ? INT64_MAX : g.intAt(n, 3);
  g.bind(n->output(), sliceOf(g, g.input(n->input(0)), g.intAt(n, 1), start, end, g.intAt(n, 4)));
}

void cat(GraphConverter& g, const Node* n) {
  const auto* list = n->input(0)->node();
  if (list->kind() != c10::prim::ListConstruct) g.unsupported(n, "a tensor list that is not built in the graph");
  std::vector<std::string> inputs;
  for (const auto* v : list->inputs()) inputs.push_back(g.input(v));
  const auto out = g.b.op("Concat", inputs);
  setAttr(g.b.last(), "axis", g.intAt(n, 1));
  g.bind(n->output(), out);
}

void expand(GraphConverter& g, const Node* n) {
  g.bind(n->output(), g.b.op("Expand", {g.input(n->input(0)), g.shapeInput(n->input(1), int64_t{1})}));
}

void expandAs(GraphConverter& g, const Node* n) {
  g.bind(n->output(), g.b.op("Expand", {g.input(n->input(0)), g.b.op("Shape", {g.input(n->input(1))})}));
}

// constant_pad_nd(x, pad, value): pad lists (begin, end) pairs from the last axis backwards.
void constantPad(GraphConverter& g, const Node* n) {
  const auto rank = g.rank(n->input(0));
  const auto pad = g.intsAt(n, 1);
  std::vector<int64_t> pads(static_cast<size_t>(2 * rank), 0);
  for (size_t i = 0; i + 1 < pad.size(); i += 2) {
    const auto axis = static_cast<size_t>(rank - 1 - static_cast<int64_t>(i / 2));
    pads[axis] = pad[i];
    pads[axis + static_cast<size_t>(rank)] = pad[i + 1];
  }
  const auto value = n->inputs().size() > 2 && !g.isNone(n->input(2)) ? g.doubleAt(n, 2) : 0.0;
  g.bind(n->output(), g.b.op("Pad", {g.input(n->input(0)), g.b.int64s(pads), g.b.scalar(static_cast<float>(value))}));
}

// mean/sum(x, dtype) reduce every axis; mean/sum(x, dims, keepdim, dtype) the listed ones.
std::vector<int64_t> reduceAxes(GraphConverter& g, const Node* n) {
  const auto rank = g.rank(n->input(0));
  auto axes = n->inputs().size() < 4 || g.isNone(n->input(1)) ? std::vector<int64_t>{} : g.intsAt(n, 1);
  if (axes.empty()) {
    axes.resize(static_cast<size_t>(rank));
    std::iota(axes.begin(), axes.end(), 0);
  }
  for (auto& a : axes) a = normAxis(a, rank);
  return axes;
}

// ReduceSum takes its axes as an input from opset 13, ReduceMean from 18.
void reduce(GraphConverter& g, const Node* n, const std::string& op) {
  const auto axes = reduceAxes(g, n);
  std::string out;
  if (op == "ReduceSum") {
    out = g.b.op(op, {g.input(n->input(0)), g.b.int64s(axes)});
  } else {
    out = g.b.op(op, {g.input(n->input(0))});
    setAttr(g.b.last(), "axes", axes);
  }
  setAttr(g.b.last(), "keepdims", int64_t{n->inputs().size() >= 4 && g.boolAt(n, 2) ? 1 : 0});
  g.bind(n->output(), out);
}

// max(x, dim, keepdim) → (values, indices): the values only.
void maxDim(GraphConverter& g, const Node* n) {
  if (n->outputs().size() != 2 || n->outputs()[1]->hasUses()) g.unsupported(n, "max with its indices");
  const auto out = g.b.op("ReduceMax", {g.input(n->input(0))});
  setAttr(g.b.last(), "axes", std::vector<int64_t>{normAxis(g.intAt(n, 1), g.rank(n->input(0)))});
  setAttr(g.b.last(), "keepdims", int64_t{g.boolAt(n, 2) ? 1 : 0});
  g.bind(n->outputs()[0], out);
}

// roll(x, shifts, dims): per axis, the last `shift` elements moved to the front (Swin's shifted windows).
void roll(GraphConverter& g, const Node* n) {
  const auto shape = g.sizes(n->input(0));
  const auto shifts = g.intsAt(n, 1), dims = g.intsAt(n, 2);
  if (shifts.size() != dims.size()) g.unsupported(n, "a roll over the flattened tensor");
  auto x = g.input(n->input(0));
  for (size_t i = 0; i < dims.size(); ++i) {
    const auto axis = normAxis(dims[i], static_cast<int64_t>(shape.size()));
    const auto size = shape[static_cast<size_t>(axis)];
    const auto s = ((shifts[i] % size) + size) % size;
    if (s == 0) continue;
    x = g.b.op("Concat", {sliceOf(g, x, axis, size - s, size), sliceOf(g, x, axis, 0, size - s)});
    setAttr(g.b.last(), "axis", axis);
  }
  g.bind(n->output(), x);
}

void unsqueeze(GraphConverter& g, const Node* n) {
  g.bind(n->output(), g.b.op("Unsqueeze", {g.input(n->input(0)), g.b.int64s({normAxis(g.intAt(n, 1), g.rank(n->input(0)) + 1)})}));
}

void squeeze(GraphConverter& g, const Node* n) {
  const auto shape = g.sizes(n->input(0));
  std::vector<int64_t> axes;
  if (n->inputs().size() > 1) {
    for (const auto a : g.intsAt(n, 1)) {
      const auto axis = normAxis(a, static_cast<int64_t>(shape.size()));
      if (shape[static_cast<size_t>(axis)] == 1) axes.push_back(axis);
    }
  } else {
    for (size_t i = 0; i < shape.size(); ++i)
      if (shape[i] == 1) axes.push_back(static_cast<int64_t>(i));
  }
  if (axes.empty()) return same(g, n);
  g.bind(n->output(), g.b.op("Squeeze", {g.input(n->input(0)), g.b.int64s(axes)}));
}

// upsample_bilinear2d(x, output_size, align_corners, scales_h, scales_w): Resize to the traced size, with
// PyTorch's pixel-centre convention.
void upsampleBilinear(GraphConverter& g, const Node* n) {
  const auto outShape = g.sizes(n->output());
  const auto x = g.input(n->input(0));
  const auto leading = sliceOf(g, g.b.op("Shape", {x}), 0, 0, 2);
  const auto size = g.b.op("Concat", {leading, g.b.int64s({outShape[2], outShape[3]})});
  setAttr(g.b.last(), "axis", int64_t{0});
  const auto out = g.b.op("Resize", {x, "", "", size});
  setAttr(g.b.last(), "mode", std::string("linear"));
  setAttr(g.b.last(), "coordinate_transformation_mode", std::string(g.boolAt(n, 2) ? "align_corners" : "pytorch_half_pixel"));
  g.bind(n->output(), out);
}

void rsqrt(GraphConverter& g, const Node* n) {
  g.bind(n->output(), g.b.op("Reciprocal", {g.b.op("Sqrt", {g.input(n->input(0))})}));
}

// clamp(x, min, max) with number bounds.
void clamp(GraphConverter& g, const Node* n) {
  const auto bound = [&](size_t i) { return g.isNone(n->input(i)) ? std::string() : g.input(n->input(i)); };
  g.bind(n->output(), g.b.op("Clip", {g.input(n->input(0)), bound(1), bound(2)}));
}

const std::unordered_map<std::string, Converter>& converters() {
  static const std::unordered_map<std::string, Converter> table = {
      {"aten::_convolution", convolution},
      {"aten::linear", linear},
      {"aten::matmul", [](GraphConverter& g, const Node* n) { binary(g, n, "MatMul"); }},
      {"aten::add", [](GraphConverter& g, const Node* n) { addSub(g, n, "Add"); }},
      {"aten::sub", [](GraphConverter& g, const Node* n) { addSub(g, n, "Sub"); }},
      {"aten::mul", [](GraphConverter& g, const Node* n) { binary(g, n, "Mul"); }},
      {"aten::div", [](GraphConverter& g, const Node* n) {
         if (n->inputs().size() > 2 && !g.isNone(n->input(2))) g.unsupported(n, "a rounding division");
         binary(g, n, "Div");
       }},
      {"aten::pow", [](GraphConverter& g, const Node* n) { binary(g, n, "Pow"); }},
      {"aten::sqrt", [](GraphConverter& g, const Node* n) { unary(g, n, "Sqrt"); }},
      {"aten::rsqrt", rsqrt},
      {"aten::neg", [](GraphConverter& g, const Node* n) { unary(g, n, "Neg"); }},
      {"aten::exp", [](GraphConverter& g, const Node* n) { unary(g, n, "Exp"); }},
      {"aten::clamp", clamp},
      {"aten::layer_norm", layerNorm},
      {"aten::group_norm", groupNorm},
      {"aten::batch_norm", batchNorm},
      {"aten::gelu", gelu},
      {"aten::silu", silu},
      {"aten::relu", [](GraphConverter& g, const Node* n) { unary(g, n, "Relu"); }},
      {"aten::sigmoid", [](GraphConverter& g, const Node* n) { unary(g, n, "Sigmoid"); }},
      {"aten::tanh", [](GraphConverter& g, const Node* n) { unary(g, n, "Tanh"); }},
      {"aten::softmax", softmax},
      {"aten::permute", permute},
      {"aten::transpose", transpose},
      {"aten::t", transpose},
      {"aten::reshape", reshape},
      {"aten::view", reshape},
      {"aten::flatten", flatten},
      {"aten::select", select},
      {"aten::narrow", narrow},
      {"aten::slice", slice},
      {"aten::cat", cat},
      {"aten::expand", expand},
      {"aten::expand_as", expandAs},
      {"aten::constant_pad_nd", constantPad},
      {"aten::mean", [](GraphConverter& g, const Node* n) { reduce(g, n, "ReduceMean"); }},
      {"aten::sum", [](GraphConverter& g, const Node* n) { reduce(g, n, "ReduceSum"); }},
      {"aten::max", maxDim},
      {"aten::roll", roll},
      {"aten::unsqueeze", unsqueeze},
      {"aten::squeeze", squeeze},
      {"aten::upsample_bilinear2d", upsampleBilinear},
      {"aten::contiguous", same},
      {"aten::clone", same},
      {"aten::detach", same},
      {"aten::dropout", same},
  };
  return table;
}

}  // namespace

bool convertAtenOp(GraphConverter& g, const Node* n) {
  const auto& table = converters();
  const auto it = table.find(n->kind().toQualString());
  if (it == table.end()) return false;
  it->second(g, n);
  return true;
}

}  // namespace vq
