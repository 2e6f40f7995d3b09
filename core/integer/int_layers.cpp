#include "core/integer/int_layers.h"

#include "core/integer/int_ops.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <cassert>
#include <cmath>

namespace vq {
namespace {

int64_t largestInt(int bits) { return (int64_t{1} << (bits - 1)) - 1; }

double fitStep(const torch::Tensor& values, int bits) {
  const double maxAbs = values.numel() ? values.abs().max().item<double>() : 0.0;
  return std::max(maxAbs, 1e-8) / static_cast<double>(largestInt(bits));
}

void requireCalibrated(bool ok, const std::string& what) {
  if (!ok) throw std::logic_error("integer model used before calibration at " + what);
}

}  // namespace

torch::Tensor poolTokens(const torch::Tensor& tokens, const std::string& pool) {
  const auto count = torch::full({1}, tokens.size(1), torch::kInt64);
  const auto avg = [&] { return intops::roundDiv(tokens.sum(1), count); };
  const auto max = [&] { return std::get<0>(tokens.max(1)); };
  const auto type = tokens.scalar_type();
  if (pool == "max") return max();
  if (pool == "avgmax") return intops::roundDiv(avg() + max(), torch::full({1}, 2, torch::kInt64)).to(type);
  return avg().to(type);
}

torch::Tensor stepTensor(double step) { return torch::tensor({step}, torch::kFloat64); }

void IntVisitor::dyadic(const std::string& name, Dyadic& d) {
  tensor(name + ".m", d.m, torch::kInt64);
  integer(name + ".shift", d.shift);
}

// ---------------------------------------------------------------- RequantPoint
torch::Tensor RequantPoint::apply(const IntContext& ctx, const torch::Tensor& v, const torch::Tensor& inSteps, const std::string& what) {
  if (ctx.calibrating) {
    scale = fitStep(v.to(torch::kFloat64) * inSteps, bits);
    d = Dyadic::of(inSteps / scale, what);
  }
  requireCalibrated(d.m.defined(), what);
  return ctx.kernels->requantize(v, d, bits);
}

void RequantPoint::visit(IntVisitor& v, const std::string& name) {
  v.number(name + ".scale", scale);
  v.dyadic(name, d);
}

// ---------------------------------------------------------------- IntLinear
IntLinear IntLinear::fromFloat(const torch::Tensor& weight, const torch::Tensor& bias, int bits) {
  assert(bits >= 2 && bits <= 8);
  IntLinear l;
  const auto w = weight.detach().to(torch::kFloat64).reshape({weight.size(0), -1});
  const double levels = static_cast<double>(largestInt(bits));
  // A channel whose weights are (near) zero would get a step so small that its bias overflows 32 bits:
  // floor every step at 2^-12 of the layer's largest (those channels' weights round to zero either way).
  const auto channelMax = std::get<0>(w.abs().max(1));
  l.weightScale = channelMax.clamp_min(std::max(channelMax.max().item<double>() / 4096.0, 1e-12)) / levels;
  l.weight = torch::round(w / l.weightScale.unsqueeze(1)).clamp(-levels, levels).to(torch::kInt8);
  l.floatBias = bias.defined() ? bias.detach().to(torch::kFloat64) : torch::zeros({w.size(0)}, torch::kFloat64);
  return l;
}

torch::Tensor IntLinear::forward(const IntContext& ctx, const torch::Tensor& x, double inStep, const std::string& what) {
  if (ctx.calibrating) {
    inputScale = inStep;
    const auto b = torch::round(floatBias / accSteps());
    if (b.abs().max().item<double>() >= std::ldexp(1.0, 31)) inputError(what, "a bias does not fit in 32 bits at this input step");
    bias = b.to(torch::kInt32);
  }
  requireCalibrated(bias.defined(), what);
  return ctx.kernels->linear(x, *this);
}

const PackedWeights& IntLinear::packedWeight() const {
  auto p = std::atomic_load(&packed_);
  if (!p) {
    p = std::make_shared<const PackedWeights>(packWeights(weight));
    std::atomic_store(&packed_, p);
  }
  return *p;
}

void IntLinear::visit(IntVisitor& v, const std::string& name) {
  std::atomic_store(&packed_, std::shared_ptr<const PackedWeights>());  // a loader may replace the weights
  v.tensor(name + ".weight", weight, torch::kInt8);
  v.tensor(name + ".weight_scale", weightScale, torch::kFloat64);
  v.tensor(name + ".bias", bias, torch::kInt32);
  v.number(name + ".input_scale", inputScale);
}

// ---------------------------------------------------------------- IntPatchEmbed
torch::Tensor IntPatchEmbed::forward(const IntContext& ctx, const torch::Tensor& images) {
  if (ctx.calibrating) imageScale = fitStep(images.to(torch::kFloat64), 8);
  const auto pixels = torch::round(images.to(torch::kFloat64) / imageScale).clamp(-127, 127).to(torch::kInt8);
  const auto B = pixels.size(0), C = pixels.size(1), gh = pixels.size(2) / patch, gw = pixels.size(3) / patch;
  const auto patches = pixels.reshape({B, C, gh, patch, gw, patch}).permute({0, 2, 4, 1, 3, 5}).reshape({B, gh, gw, -1});
  return proj.forward(ctx, patches, imageScale, "patch_embed.proj");
}

void IntPatchEmbed::visit(IntVisitor& v) {
  v.number("image.scale", imageScale);
  proj.visit(v, "patch_embed.proj");
}

// ---------------------------------------------------------------- IntLayerNorm
IntLayerNorm IntLayerNorm::fromFloat(const torch::Tensor& weight, const torch::Tensor& bias, int bits) {
  IntLayerNorm n;
  n.gamma = weight.detach().to(torch::kFloat64);
  n.beta = bias.detach().to(torch::kFloat64);
  n.out.bits = bits;
  return n;
}

torch::Tensor IntLayerNorm::forward(const IntContext& ctx, const torch::Tensor& x, const std::string& what) {
  if (ctx.calibrating) {
    const auto normalized = intops::normalizeRows(x);  // (x − μ)/σ / √C in 2^-15 steps
    const double sqrtC = std::sqrt(static_cast<double>(x.size(-1)));
    const auto real = normalized.to(torch::kFloat64) * (sqrtC / std::ldexp(1.0, intops::kNormBits)) * gamma + beta;
    out.scale = fitStep(real, out.bits);
    // Keep the offset β/step · 2^shift below 2^55 so normalized·m + offset cannot overflow.
    const double betaSteps = beta.abs().max().item<double>() / out.scale;
    const int maxShift = betaSteps > 0 ? 55 - static_cast<int>(std::ceil(std::log2(betaSteps + 1))) : 62;
    gain = Dyadic::of(gamma * (sqrtC / std::ldexp(1.0, intops::kNormBits) / out.scale), what, maxShift);
    offset = torch::round(beta / out.scale * std::ldexp(1.0, gain.shift)).to(torch::kInt64);
  }
  requireCalibrated(offset.defined(), what);
  return ctx.kernels->layerNorm(x, gain, offset, out.bits);
}

void IntLayerNorm::visit(IntVisitor& v, const std::string& name) {
  v.number(name + ".scale", out.scale);
  v.dyadic(name + ".gain", gain);
  v.tensor(name + ".offset", offset, torch::kInt64);
}

// ---------------------------------------------------------------- IntResidual
torch::Tensor IntResidual::forward(const IntContext& ctx, const torch::Tensor& x, double xStep, IntLinear& layer, const torch::Tensor& input,
                                   double inputStep, const std::string& layerWhat, const std::string& what) {
  if (!ctx.calibrating) {
    requireCalibrated(identity.m.defined() && layer.bias.defined(), what);
    return ctx.kernels->linearAddRequantized(input, layer, branch.d, x, identity, branch.bits);
  }
  const auto acc = layer.forward(ctx, input, inputStep, layerWhat);
  const auto steps = layer.accSteps();
  branch.scale = fitStep(x.to(torch::kFloat64) * xStep + acc.to(torch::kFloat64) * steps, branch.bits);
  branch.d = Dyadic::of(steps / branch.scale, what);
  identity = Dyadic::of(xStep / branch.scale, what);
  return ctx.kernels->addRequantized(acc, branch.d, x, identity, branch.bits);
}

void IntResidual::visit(IntVisitor& v, const std::string& name) {
  branch.visit(v, name);
  v.dyadic(name + ".identity", identity);
}

// ---------------------------------------------------------------- IntAttention
torch::Tensor IntAttention::forward(const IntContext& ctx, const torch::Tensor& x, double xStep, const std::string& what) {
  if (!ctx.calibrating) {
    requireCalibrated(context.d.m.defined(), what);
    const auto qkvInt = ctx.kernels->attentionInputs(x, qkv, q.d, k.d, v.d, heads);
    return ctx.kernels->attentionCore(qkvInt, bias, toLog2, context.d);
  }
  const auto B = x.size(0), N = x.size(1);
  const auto acc = qkv.forward(ctx, x, xStep, what + ".qkv");
  const auto C = acc.size(-1) / 3;  // heads × head dim (Swin may differ from the token width)
  const auto steps = qkv.accSteps();
  auto split = [&](RequantPoint& p, int64_t i, const char* name) {
    const auto part = acc.narrow(-1, i * C, C);
    return p.apply(ctx, part, steps.narrow(0, i * C, C), what + "." + name).reshape({B, N, heads, C / heads}).permute({0, 2, 1, 3});
  };
  const auto qi = split(q, 0, "q"), ki = split(k, 1, "k"), vi = split(v, 2, "v");
  const double logitStep = q.scale * k.scale * logitScale;
  toLog2 = Dyadic::of(logitStep * (1.0 / std::log(2.0)) * std::ldexp(1.0, intops::kExpFracBits), what + ".softmax");
  if (floatBias.defined()) bias = torch::round(floatBias / logitStep).clamp(-(int64_t{1} << 30), int64_t{1} << 30).to(torch::kInt64);
  const auto probs = ctx.kernels->shiftmax(ctx.kernels->attentionLogits(qi, ki, bias), toLog2);  // 2^-8 steps
  const auto ctxAcc = ctx.kernels->attentionContext(probs, vi);
  const auto merged = ctxAcc.permute({0, 2, 1, 3}).reshape({B, N, C});
  return context.apply(ctx, merged, stepTensor(v.scale / 256.0), what + ".context");
}

void IntAttention::visit(IntVisitor& vis, const std::string& name) {
  qkv.visit(vis, name + ".qkv");
  q.visit(vis, name + ".q");
  k.visit(vis, name + ".k");
  v.visit(vis, name + ".v");
  vis.dyadic(name + ".softmax", toLog2);
  if (floatBias.defined() || bias.defined()) vis.tensor(name + ".logit_bias", bias, torch::kInt64);
  context.visit(vis, name + ".context");
  proj.visit(vis, name + ".proj");
}

// ---------------------------------------------------------------- IntMlp
torch::Tensor IntMlp::forward(const IntContext& ctx, const torch::Tensor& x, double xStep, const std::string& what) {
  if (!ctx.calibrating) {
    requireCalibrated(geluOut.d.m.defined() && fc1.bias.defined(), what);
    return ctx.kernels->linearGelu(x, fc1, geluIn.d, toLog2, geluOut.d);
  }
  const auto acc = fc1.forward(ctx, x, xStep, what + ".fc1");
  const auto g = geluIn.apply(ctx, acc, fc1.accSteps(), what + ".act.input");
  toLog2 = Dyadic::of(geluIn.scale * 1.702 / std::log(2.0) * std::ldexp(1.0, intops::kExpFracBits), what + ".act");
  geluOut.apply(ctx, intops::shiftGelu(g.to(torch::kInt64), toLog2), stepTensor(geluIn.scale / 256.0), what + ".act.output");
  return ctx.kernels->gelu(g, toLog2, geluOut.d);
}

void IntMlp::visit(IntVisitor& v, const std::string& name) {
  fc1.visit(v, name + ".fc1");
  geluIn.visit(v, name + ".act.input");
  v.dyadic(name + ".act", toLog2);
  geluOut.visit(v, name + ".act.output");
  fc2.visit(v, name + ".fc2");
}

}  // namespace vq

namespace vq {

// ---------------------------------------------------------------- IntTransformerBlock
torch::Tensor IntTransformerBlock::forward(const IntContext& ctx, const torch::Tensor& x, double xStep, const std::string& name,
                                           const TokenMixer& mixTokens) {
  const auto context = mixTokens(norm1.forward(ctx, x, name + ".norm1"));
  const auto y = res1.forward(ctx, x, xStep, attn.proj, context, attn.context.scale, name + ".attn.proj", name + ".residual1");
  const auto h = norm2.forward(ctx, y, name + ".norm2");  // first: calibration sets norm2's step here
  const auto g = mlp.forward(ctx, h, norm2.out.scale, name + ".mlp");
  return res2.forward(ctx, y, res1.step(), mlp.fc2, g, mlp.geluOut.scale, name + ".mlp.fc2", name + ".residual2");
}

void IntTransformerBlock::visit(IntVisitor& v, const std::string& name) {
  norm1.visit(v, name + ".norm1");
  attn.visit(v, name + ".attn");
  res1.visit(v, name + ".residual1");
  norm2.visit(v, name + ".norm2");
  mlp.visit(v, name + ".mlp");
  res2.visit(v, name + ".residual2");
}

}  // namespace vq
