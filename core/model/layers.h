#pragma once
// Building blocks shared by the zoo architectures. Parameter and buffer names are exactly timm's,
// so a module tree's named_parameters()/named_buffers() equal timm's state_dict() keys.
// Every Linear/Conv taps its weight and input through the model's SiteContext.
#include "core/model/sites.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

namespace vq {

// SigmoidGELU is x·σ(1.702x), the form I-ViT's ShiftGELU computes in integers; the integer fine-tuning
// trains through it in place of the exact GELU.
enum class Activation { GELU, SiLU, SigmoidGELU };

torch::Tensor applyActivation(Activation act, const torch::Tensor& x);

class QLinearImpl : public torch::nn::Module {
public:
  QLinearImpl(const SiteContextPtr& ctx, const std::string& path, int64_t in, int64_t out, bool bias = true);
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight, bias;  // bias undefined when the layer has none
  std::string path;
  int inputSite = -1, weightSite = -1;

private:
  SiteContextPtr ctx_;
};
TORCH_MODULE(QLinear);

struct ConvSpec {
  int64_t in = 0, out = 0, kernel = 1, stride = 1, padding = 0, dilation = 1, groups = 1;
  bool bias = true;
};

class QConv2dImpl : public torch::nn::Module {
public:
  QConv2dImpl(const SiteContextPtr& ctx, const std::string& path, const ConvSpec& spec, bool quantizeInput = true);
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight, bias;
  ConvSpec spec;
  std::string path;
  int inputSite = -1, weightSite = -1;

private:
  SiteContextPtr ctx_;
};
TORCH_MODULE(QConv2d);

// LayerNorm over the last dimension; its output is a NormOutput site.
class QLayerNormImpl : public torch::nn::Module {
public:
  QLayerNormImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, double eps);
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight, bias;
  double eps;
  int inputSite = -1, outputSite = -1;

private:
  SiteContextPtr ctx_;
};
TORCH_MODULE(QLayerNorm);

// GroupNorm on NCHW (MobileViT v2 uses one group); its output is a NormOutput site.
class QGroupNormImpl : public torch::nn::Module {
public:
  QGroupNormImpl(const SiteContextPtr& ctx, const std::string& path, int64_t groups, int64_t channels, double eps);
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight, bias;
  int64_t groups;
  double eps;
  int inputSite = -1, outputSite = -1;

private:
  SiteContextPtr ctx_;
};
TORCH_MODULE(QGroupNorm);

// BatchNorm2d with timm's buffers (running_mean, running_var, num_batches_tracked); batch statistics in
// training mode, running statistics in eval mode.
class BatchNorm2dImpl : public torch::nn::Module {
public:
  BatchNorm2dImpl(int64_t channels, double eps = 1e-5, double momentum = 0.1);
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight, bias, running_mean, running_var, num_batches_tracked;
  double eps, momentum;
};
TORCH_MODULE(BatchNorm2d);

// timm's Mlp: fc1 → act → fc2; the activation output is an ActOutput site ("<path>.act.output").
class MlpImpl : public torch::nn::Module {
public:
  MlpImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, int64_t hidden, Activation act);
  torch::Tensor forward(const torch::Tensor& x);

  QLinear fc1{nullptr}, fc2{nullptr};
  Activation act;
  int actSite = -1;

private:
  SiteContextPtr ctx_;
};
TORCH_MODULE(Mlp);

// Registers the four attention-matmul sites of an attention module at `path`:
// q and k (operands of q @ kᵀ, q already scaled), softmax.output and v (operands of attn @ v).
struct AttentionSites {
  int q = -1, k = -1, v = -1, softmax = -1, softmaxInput = -1;
  void add(SiteContext& ctx, const std::string& path, int heads);
};

// timm's ViT Attention (qkv → heads → softmax(q·kᵀ·scale) → ·v → proj). An optional additive
// bias/mask [heads or 1, N, N] broadcasts over the batch (used by Swin's windows).
class AttentionImpl : public torch::nn::Module {
public:
  AttentionImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, int64_t heads, bool qkvBias);
  torch::Tensor forward(const torch::Tensor& x);

  QLinear qkv{nullptr}, proj{nullptr};
  int64_t heads, headDim;
  double scale;
  AttentionSites sites;

private:
  SiteContextPtr ctx_;
};
TORCH_MODULE(Attention);

// 1/√headDim: every attention here multiplies q by it before q's site (Q-ViT's IRM re-applies it after
// rectifying).
double queryScale(int64_t headDim);

// The attention core shared by ViT and Swin: q,k,v are [B, heads, N, headDim]; returns [B, heads, N, headDim].
// `bias` (optional) is added to the logits before the softmax.
torch::Tensor attentionCore(const SiteContext& ctx, const AttentionSites& sites, torch::Tensor q, torch::Tensor k,
                            torch::Tensor v, double scale, const torch::Tensor& bias = {});

// timm's LayerScale: x * gamma (parameter "gamma").
class LayerScaleImpl : public torch::nn::Module {
public:
  LayerScaleImpl(int64_t dim, double init);
  torch::Tensor forward(const torch::Tensor& x) { return x * gamma; }
  torch::Tensor gamma;
};
TORCH_MODULE(LayerScale);

struct BlockSpec {
  int64_t dim = 0, heads = 1;
  double mlpRatio = 4.0;
  bool qkvBias = true;
  double normEps = 1e-6;
  Activation act = Activation::GELU;
  double layerScaleInit = 0.0;  // > 0 adds timm's LayerScale (ls1.gamma, ls2.gamma)
};

// timm's ViT Block: x + attn(norm1(x)), then x + mlp(norm2(x)).
class BlockImpl : public torch::nn::Module {
public:
  BlockImpl(const SiteContextPtr& ctx, const std::string& path, const BlockSpec& spec);
  torch::Tensor forward(const torch::Tensor& x);

  QLayerNorm norm1{nullptr}, norm2{nullptr};
  Attention attn{nullptr};
  Mlp mlp{nullptr};
  LayerScale ls1{nullptr}, ls2{nullptr};  // only when spec.layerScaleInit > 0
};
TORCH_MODULE(Block);

}  // namespace vq
