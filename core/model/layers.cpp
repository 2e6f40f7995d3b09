#include "core/model/layers.h"

#include <torch/torch.h>

#include <cmath>

namespace vq {

torch::Tensor applyActivation(Activation act, const torch::Tensor& x) {
  switch (act) {
    case Activation::GELU: return torch::gelu(x);  // exact erf form, as timm's nn.GELU()
    case Activation::SiLU: return torch::silu(x);
    case Activation::SigmoidGELU: return x * torch::sigmoid(1.702 * x);
  }
  return x;
}

// ---------------------------------------------------------------- QLinear
QLinearImpl::QLinearImpl(const SiteContextPtr& ctx, const std::string& path_, int64_t in, int64_t out, bool hasBias)
    : path(path_), ctx_(ctx) {
  weight = register_parameter("weight", torch::empty({out, in}));
  // timm/PyTorch default init (kaiming-uniform with a=sqrt(5)) for seeded random models.
  torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (hasBias) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    bias = register_parameter("bias", torch::empty({out}).uniform_(-bound, bound));
  }
  inputSite = ctx->add({-1, "", path, "input", SiteKind::LinearInput, -1, 0});
  weightSite = ctx->add({-1, "", path, "weight", SiteKind::Weight, 0, 0});
}

torch::Tensor QLinearImpl::forward(const torch::Tensor& x) {
  return ctx_->tapOutput(weightSite, torch::linear(ctx_->tap(inputSite, x), ctx_->tap(weightSite, weight), bias));
}

// ---------------------------------------------------------------- QConv2d
QConv2dImpl::QConv2dImpl(const SiteContextPtr& ctx, const std::string& path_, const ConvSpec& s, bool quantizeInput)
    : spec(s), path(path_), ctx_(ctx) {
  weight = register_parameter("weight", torch::empty({s.out, s.in / s.groups, s.kernel, s.kernel}));
  torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (s.bias) {
    const double fanIn = static_cast<double>(s.in / s.groups * s.kernel * s.kernel);
    const double bound = 1.0 / std::sqrt(fanIn);
    bias = register_parameter("bias", torch::empty({s.out}).uniform_(-bound, bound));
  }
  if (quantizeInput) inputSite = ctx->add({-1, "", path, "input", SiteKind::LinearInput, 1, 0});
  weightSite = ctx->add({-1, "", path, "weight", SiteKind::Weight, 0, 0});
}

torch::Tensor QConv2dImpl::forward(const torch::Tensor& x) {
  const auto in = inputSite >= 0 ? ctx_->tap(inputSite, x) : x;
  return ctx_->tapOutput(weightSite,
                         torch::conv2d(in, ctx_->tap(weightSite, weight), bias, spec.stride, spec.padding, spec.dilation, spec.groups));
}

// ---------------------------------------------------------------- norms
QLayerNormImpl::QLayerNormImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, double eps_)
    : eps(eps_), ctx_(ctx) {
  weight = register_parameter("weight", torch::ones({dim}));
  bias = register_parameter("bias", torch::zeros({dim}));
  inputSite = ctx->add({-1, "", path, "input", SiteKind::NormInput, -1, 0});
  outputSite = ctx->add({-1, "", path, "output", SiteKind::NormOutput, -1, 0});
}

torch::Tensor QLayerNormImpl::forward(const torch::Tensor& x) {
  return ctx_->tap(outputSite, torch::layer_norm(ctx_->tap(inputSite, x), {weight.size(0)}, weight, bias, eps));
}

QGroupNormImpl::QGroupNormImpl(const SiteContextPtr& ctx, const std::string& path, int64_t groups_, int64_t channels,
                               double eps_)
    : groups(groups_), eps(eps_), ctx_(ctx) {
  weight = register_parameter("weight", torch::ones({channels}));
  bias = register_parameter("bias", torch::zeros({channels}));
  inputSite = ctx->add({-1, "", path, "input", SiteKind::NormInput, 1, 0});
  outputSite = ctx->add({-1, "", path, "output", SiteKind::NormOutput, 1, 0});
}

torch::Tensor QGroupNormImpl::forward(const torch::Tensor& x) {
  return ctx_->tap(outputSite, torch::group_norm(ctx_->tap(inputSite, x), groups, weight, bias, eps));
}

BatchNorm2dImpl::BatchNorm2dImpl(int64_t channels, double eps_, double momentum_) : eps(eps_), momentum(momentum_) {
  weight = register_parameter("weight", torch::ones({channels}));
  bias = register_parameter("bias", torch::zeros({channels}));
  running_mean = register_buffer("running_mean", torch::zeros({channels}));
  running_var = register_buffer("running_var", torch::ones({channels}));
  num_batches_tracked = register_buffer("num_batches_tracked", torch::zeros({}, torch::kInt64));
}

torch::Tensor BatchNorm2dImpl::forward(const torch::Tensor& x) {
  if (is_training()) {
    torch::NoGradGuard noGrad;
    num_batches_tracked.add_(1);
  }
  return torch::batch_norm(x, weight, bias, running_mean, running_var, is_training(), momentum, eps,
                           /*cudnn_enabled=*/false);
}

// ---------------------------------------------------------------- MLP, attention, block
MlpImpl::MlpImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, int64_t hidden, Activation act_)
    : act(act_), ctx_(ctx) {
  fc1 = register_module("fc1", QLinear(ctx, joinPath(path, "fc1"), dim, hidden));
  actSite = ctx->add({-1, "", joinPath(path, "act"), "output", SiteKind::ActOutput, -1, 0});
  fc2 = register_module("fc2", QLinear(ctx, joinPath(path, "fc2"), hidden, dim));
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
  return fc2(ctx_->tap(actSite, applyActivation(act, fc1(x))));
}

void AttentionSites::add(SiteContext& ctx, const std::string& path, int heads) {
  q = ctx.add({-1, "", path, "q", SiteKind::MatmulOperand, -1, heads});
  k = ctx.add({-1, "", path, "k", SiteKind::MatmulOperand, -1, heads});
  softmaxInput = ctx.add({-1, "", joinPath(path, "softmax"), "input", SiteKind::SoftmaxInput, -1, heads});
  softmax = ctx.add({-1, "", joinPath(path, "softmax"), "output", SiteKind::SoftmaxOutput, -1, heads});
  v = ctx.add({-1, "", path, "v", SiteKind::MatmulOperand, -1, heads});
}

double queryScale(int64_t headDim) { return 1.0 / std::sqrt(static_cast<double>(headDim)); }

torch::Tensor attentionCore(const SiteContext& ctx, const AttentionSites& sites, torch::Tensor q, torch::Tensor k,
                            torch::Tensor v, double scale, const torch::Tensor& bias) {
  q = ctx.tap(sites.q, q * scale);
  k = ctx.tap(sites.k, k);
  auto logits = torch::matmul(q, k.transpose(-2, -1));
  if (bias.defined()) logits = logits + bias;
  auto probs = ctx.tap(sites.softmax, torch::softmax(ctx.tap(sites.softmaxInput, logits), -1));
  return torch::matmul(probs, ctx.tap(sites.v, v));
}

AttentionImpl::AttentionImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, int64_t heads_, bool qkvBias)
    : heads(heads_), headDim(dim / heads_), ctx_(ctx) {
  scale = queryScale(headDim);
  qkv = register_module("qkv", QLinear(ctx, joinPath(path, "qkv"), dim, dim * 3, qkvBias));
  sites.add(*ctx, path, static_cast<int>(heads));
  proj = register_module("proj", QLinear(ctx, joinPath(path, "proj"), dim, dim));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x) {
  const auto B = x.size(0), N = x.size(1), C = x.size(2);
  auto qkvOut = qkv(x).reshape({B, N, 3, heads, headDim}).permute({2, 0, 3, 1, 4});
  auto out = attentionCore(*ctx_, sites, qkvOut[0], qkvOut[1], qkvOut[2], scale);
  return proj(out.transpose(1, 2).reshape({B, N, C}));
}

LayerScaleImpl::LayerScaleImpl(int64_t dim, double init) { gamma = register_parameter("gamma", torch::full({dim}, init)); }

BlockImpl::BlockImpl(const SiteContextPtr& ctx, const std::string& path, const BlockSpec& s) {
  norm1 = register_module("norm1", QLayerNorm(ctx, joinPath(path, "norm1"), s.dim, s.normEps));
  attn = register_module("attn", Attention(ctx, joinPath(path, "attn"), s.dim, s.heads, s.qkvBias));
  if (s.layerScaleInit > 0) ls1 = register_module("ls1", LayerScale(s.dim, s.layerScaleInit));
  norm2 = register_module("norm2", QLayerNorm(ctx, joinPath(path, "norm2"), s.dim, s.normEps));
  mlp = register_module("mlp", Mlp(ctx, joinPath(path, "mlp"), s.dim, static_cast<int64_t>(s.dim * s.mlpRatio), s.act));
  if (s.layerScaleInit > 0) ls2 = register_module("ls2", LayerScale(s.dim, s.layerScaleInit));
}

torch::Tensor BlockImpl::forward(const torch::Tensor& x) {
  auto a = attn(norm1(x));
  auto y = x + (ls1 ? ls1(a) : a);
  auto m = mlp(norm2(y));
  return y + (ls2 ? ls2(m) : m);
}

}  // namespace vq
