#include "core/quant/quantizer.h"

#include "core/util/error.h"

#include <torch/torch.h>

#include <tuple>

namespace vq {
namespace {

// Dimensions reduced when computing statistics for a granularity.
std::vector<int64_t> reducedDims(const torch::Tensor& x, const QuantizerSpec& spec) {
  std::vector<int64_t> dims;
  const int64_t rank = x.dim();
  if (spec.granularity == Granularity::PerTensor) {
    for (int64_t d = 0; d < rank; ++d) dims.push_back(d);
  } else if (spec.granularity == Granularity::PerChannel) {
    const int64_t axis = spec.axis < 0 ? spec.axis + rank : spec.axis;
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis) dims.push_back(d);
  } else {
    dims.push_back(rank - 1);
  }
  return dims;
}

torch::Tensor amin(const torch::Tensor& x, const std::vector<int64_t>& dims) {
  return dims.empty() ? x.clone() : x.amin(dims, /*keepdim=*/true);
}
torch::Tensor amax(const torch::Tensor& x, const std::vector<int64_t>& dims) {
  return dims.empty() ? x.clone() : x.amax(dims, /*keepdim=*/true);
}

constexpr float kMinScale = 1e-8f;  // a constant tensor still gets a usable grid
constexpr double kMaxZeroPoint = 65536;  // the largest |zero-point| quant.json accepts (quant_json.cpp)

}  // namespace

const std::vector<QuantSchemeInfo>& quantSchemes() {
  static const std::vector<QuantSchemeInfo> table = {
      {QuantScheme::UniformAsymmetric, "uniform_asym", false, false},
      {QuantScheme::UniformSymmetric, "uniform_sym", true, false},
      {QuantScheme::Log2, "log2", false, true},
  };
  return table;
}

const QuantSchemeInfo& schemeInfo(QuantScheme scheme) {
  for (const auto& info : quantSchemes())
    if (info.scheme == scheme) return info;
  throw Error(ErrorKind::Usage, "unknown quantizer id " + std::to_string(static_cast<int>(scheme)));
}

QuantScheme schemeByName(const std::string& name) {
  std::string known;
  for (const auto& info : quantSchemes()) {
    if (name == info.name) return info.scheme;
    known += (known.empty() ? "" : ", ") + std::string(info.name);
  }
  usageError("unknown quantizer '" + name + "' (known: " + known + ")");
}

int64_t codeMin(const QuantizerSpec& spec) {
  return spec.scheme == QuantScheme::UniformSymmetric ? -(int64_t{1} << (spec.bits - 1)) : 0;
}

int64_t codeMax(const QuantizerSpec& spec) {
  return spec.scheme == QuantScheme::UniformSymmetric ? (int64_t{1} << (spec.bits - 1)) - 1 : (int64_t{1} << spec.bits) - 1;
}

void checkSpec(const QuantizerSpec& spec, const torch::Tensor& x) {
  if (spec.bits < 2 || spec.bits > 8) usageError("quantizer bits must be 2..8, got " + std::to_string(spec.bits));
  if (spec.granularity == Granularity::PerChannel && (spec.axis >= x.dim() || spec.axis < -x.dim()))
    usageError("per-channel axis " + std::to_string(spec.axis) + " does not exist in a " + std::to_string(x.dim()) + "-d tensor");
  if (x.dim() == 0 && spec.granularity != Granularity::PerTensor) usageError("a scalar can only be quantised per tensor");
}

std::pair<torch::Tensor, torch::Tensor> asymmetricParams(const QuantizerSpec& spec, torch::Tensor lo, torch::Tensor hi) {
  const auto magnitude = torch::maximum(lo.abs(), hi.abs());
  const auto degenerate = (hi - lo) <= magnitude * 1e-6;
  const auto widen = spec.rangeIncludesZero ? torch::ones_like(degenerate) : degenerate;
  lo = torch::where(widen, lo.clamp_max(0.0), lo);
  hi = torch::where(widen, hi.clamp_min(0.0), hi);
  // A narrow range far from 0 would need a huge zero-point: float32 loses the codes' resolution there and
  // quant.json refuses |z| > kMaxZeroPoint. The smallest step that keeps z in bounds widens it upwards only.
  const auto scale = torch::maximum((hi - lo) / static_cast<double>(codeMax(spec)), lo.abs() / kMaxZeroPoint).clamp_min(kMinScale);
  auto zeroPoint = torch::round(-lo / scale);
  if (spec.clampZeroPoint) zeroPoint = zeroPoint.clamp(static_cast<double>(codeMin(spec)), static_cast<double>(codeMax(spec)));
  return {scale, zeroPoint};
}

QuantParams minMaxParams(const torch::Tensor& input, const QuantizerSpec& spec) {
  checkSpec(spec, input);
  torch::NoGradGuard noGrad;
  const auto x = input.detach().to(torch::kFloat32);
  const auto dims = reducedDims(x, spec);
  QuantParams p;
  p.spec = spec;
  switch (spec.scheme) {
    case QuantScheme::UniformAsymmetric: {
      std::tie(p.scale, p.zeroPoint) = asymmetricParams(spec, amin(x, dims), amax(x, dims));
      break;
    }
    case QuantScheme::UniformSymmetric:
      p.scale = (amax(x.abs(), dims) / static_cast<double>(codeMax(spec))).clamp_min(kMinScale);
      p.zeroPoint = torch::zeros_like(p.scale);
      break;
    case QuantScheme::Log2:
      p.scale = amax(x, dims).clamp_min(kMinScale);  // the largest value is level 0
      p.zeroPoint = torch::zeros_like(p.scale);
      break;
  }
  return p;
}

torch::Tensor quantizeCodes(const torch::Tensor& x, const QuantParams& p) {
  const double lo = static_cast<double>(codeMin(p.spec)), hi = static_cast<double>(codeMax(p.spec));
  torch::Tensor codes;
  if (p.spec.scheme == QuantScheme::Log2) {
    // -log2 of 0 (or of a negative value) is +inf or NaN: both belong on the last, smallest level.
    auto e = -torch::log2(x / p.scale);
    e = torch::where(torch::isnan(e), torch::full_like(e, hi), e);
    codes = torch::round(e).clamp(lo, hi);
  } else {
    codes = (torch::round(x / p.scale) + p.zeroPoint).clamp(lo, hi);
  }
  return codes.to(torch::kInt64);
}

torch::Tensor dequantizeCodes(const torch::Tensor& codes, const QuantParams& p) {
  const auto c = codes.to(torch::kFloat32);
  if (p.spec.scheme == QuantScheme::Log2) return p.scale * torch::pow(2.0, -c);
  return (c - p.zeroPoint) * p.scale;
}

torch::Tensor fakeQuantize(const torch::Tensor& x, const QuantParams& p) {
  torch::Tensor q;
  {
    torch::NoGradGuard noGrad;
    q = dequantizeCodes(quantizeCodes(x.detach(), p), p).to(x.scalar_type());
  }
  return x + (q - x).detach();  // straight-through: forward q, gradient identity
}

}  // namespace vq
