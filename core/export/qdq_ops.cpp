// The QDQ marker as ONNX. QuantizeLinear stores codes in 8 bits and saturates to the container's range, so
//   - a b-bit quantizer (b < 8) clamps its codes with a Clip between QuantizeLinear and DequantizeLinear;
//   - a zero-point the container cannot hold (a measured range that does not contain 0) is moved into it
//     together with the codes: with z' = z + d the codes c + d dequantize to the same (c − z)·s.
// Weights are constants: their codes are computed here (int8) and only a DequantizeLinear is written.
#include "core/export/graph_converter.h"

#include "core/util/error.h"

#include <torch/torch.h>

#include <algorithm>

namespace vq {
namespace {

using torch::jit::Node;

struct Container {
  torch::ScalarType dtype;
  int64_t lo, hi;
};

// Weights are int8 whatever their scheme (the form integer GEMM kernels take; an asymmetric weight's codes and
// zero-point move down together). Activations keep the signedness of their codes: uint8 for asymmetric, int8 for
// symmetric.
Container containerFor(int64_t qmin, bool weight) {
  return qmin >= 0 && !weight ? Container{torch::kUInt8, 0, 255} : Container{torch::kInt8, -128, 127};
}

// The shifts d with z + d and [qmin + d, qmax + d] inside the container, as an interval.
std::pair<int64_t, int64_t> shiftRange(const Container& c, int64_t z, int64_t qmin, int64_t qmax) {
  return {std::max(c.lo - qmin, c.lo - z), std::min(c.hi - qmax, c.hi - z)};
}

int64_t closestToZero(std::pair<int64_t, int64_t> range) { return std::clamp<int64_t>(0, range.first, range.second); }

// The channel axis of a scale shaped to broadcast against a tensor of rank `rank`, or -1 for one scale.
int64_t channelAxis(GraphConverter& g, const Node* n, const torch::Tensor& scale, int64_t rank) {
  int64_t axis = -1;
  for (int64_t i = 0; i < scale.dim(); ++i) {
    if (scale.size(i) == 1) continue;
    if (axis >= 0) g.unsupported(n, "a scale that varies along more than one axis");
    axis = rank - scale.dim() + i;
  }
  return axis;
}

std::vector<int64_t> zeroPoints(const torch::Tensor& z) {
  const auto flat = z.reshape({-1}).to(torch::kInt64).contiguous();
  return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

}  // namespace

void convertQdqMarker(GraphConverter& g, const Node* n) {
  const auto* x = n->input(0);
  const auto scale = g.constant(n->input(1)).toTensor().to(torch::kFloat32);
  const auto zeroPoint = g.constant(n->input(2)).toTensor().to(torch::kFloat32);
  const auto qmin = g.intAt(n, 3), qmax = g.intAt(n, 4);
  const auto& site = g.siteName(g.intAt(n, 5));
  const auto container = containerFor(qmin, g.isConstant(x));
  const auto rank = g.rank(x);
  const auto axis = channelAxis(g, n, scale, rank);
  const auto flatScale = axis < 0 ? scale.reshape({}) : scale.reshape({-1});
  const auto flatZero = (axis < 0 ? zeroPoint.expand_as(scale).reshape({}) : zeroPoint.expand_as(scale).reshape({-1})).to(torch::kInt64);

  if (g.isConstant(x)) {  // a weight: codes now, one shift per channel
    const auto w = g.constant(x).toTensor().to(torch::kFloat32);
    const auto codes = (torch::round(w / scale) + zeroPoint).clamp(static_cast<double>(qmin), static_cast<double>(qmax));
    std::vector<int64_t> shifts;
    for (const auto z : zeroPoints(flatZero)) {
      const auto range = shiftRange(container, z, qmin, qmax);
      if (range.first > range.second) g.unsupported(n, site + ": its codes do not fit 8 bits");
      shifts.push_back(closestToZero(range));
    }
    const auto shift = torch::tensor(shifts, torch::kInt64).reshape(flatZero.sizes());
    std::vector<int64_t> shiftShape(static_cast<size_t>(rank), 1);
    if (axis >= 0) shiftShape[static_cast<size_t>(axis)] = -1;
    PendingWeight pending;
    pending.codes = (codes.to(torch::kInt64) + shift.reshape(shiftShape)).to(container.dtype);
    pending.scale = flatScale;
    pending.zeroPoint = (flatZero + shift).to(container.dtype);
    pending.axis = std::max<int64_t>(axis, 0);
    pending.site = site;
    g.weights[n->output()] = pending;
    return;
  }

  // An activation: one shift for all channels, so that one Clip serves them all.
  std::pair<int64_t, int64_t> common{INT64_MIN, INT64_MAX};
  for (const auto z : zeroPoints(flatZero)) {
    const auto r = shiftRange(container, z, qmin, qmax);
    common = {std::max(common.first, r.first), std::min(common.second, r.second)};
  }
  if (common.first > common.second)
    throw Error(ErrorKind::Input, site + ": its channels' zero-points span more than an 8-bit QuantizeLinear can hold");
  const auto d = closestToZero(common);
  const auto scaleName = g.b.tensor(flatScale, site + "_scale");
  const auto zeroName = g.b.tensor((flatZero + d).to(container.dtype), site + "_zero_point");

  auto codes = g.b.fresh(site + "_codes");
  auto& q = g.b.node("QuantizeLinear", {g.input(x), scaleName, zeroName}, {codes});
  q.set_name(site + "/QuantizeLinear");
  if (axis >= 0) setAttr(q, "axis", axis);
  if (qmin + d != container.lo || qmax + d != container.hi) {
    const auto bound = [&](int64_t v) { return g.b.tensor(torch::tensor(v).to(container.dtype), site + "_code_bound"); };
    const auto clipped = g.b.fresh(site + "_codes_clipped");
    g.b.node("Clip", {codes, bound(qmin + d), bound(qmax + d)}, {clipped}).set_name(site + "/Clip");
    codes = clipped;
  }
  const auto out = g.b.fresh(site + "_dequantized");
  auto& dq = g.b.node("DequantizeLinear", {codes, scaleName, zeroName}, {out});
  dq.set_name(site + "/DequantizeLinear");
  if (axis >= 0) setAttr(dq, "axis", axis);
  g.bind(n->output(), out);
}

}  // namespace vq
