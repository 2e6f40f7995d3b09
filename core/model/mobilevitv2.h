#pragma once
// timm's MobileViT v2 (mobilevitv2_050 … _200): a ByobNet of inverted-residual blocks and MobileViT v2
// blocks, whose transformers use separable linear self-attention on unfolded [B, C, P, N] tensors with
// 1x1 convolutions and GroupNorm(1 group, eps 1e-5).
#include "core/model/mobile_blocks.h"

namespace vq {

// timm's LinearSelfAttention: qkv_proj (1x1 conv) → query [B,1,P,N], key, value [B,d,P,N];
// context scores = softmax(query) over the patches N; context vector = Σ_N key · scores;
// out_proj(relu(value) · context vector).
// Sites: "<path>.q" (query logits), "<path>.k", "<path>.softmax.output" (context scores), "<path>.v"
// (relu(value), the operand multiplied by the context) and "<path>.context" (the context vector).
class LinearSelfAttentionImpl : public torch::nn::Module {
public:
  LinearSelfAttentionImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim);
  torch::Tensor forward(const torch::Tensor& x);

  QConv2d qkv_proj{nullptr}, out_proj{nullptr};
  int64_t dim;
  int qSite = -1, kSite = -1, softmaxSite = -1, vSite = -1, contextSite = -1;

private:
  SiteContextPtr ctx_;
};
TORCH_MODULE(LinearSelfAttention);

// timm's ConvMlp: fc1 (1x1 conv) → act → fc2 (1x1 conv); the act output is "<path>.act.output".
class ConvMlpImpl : public torch::nn::Module {
public:
  ConvMlpImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, int64_t hidden, Activation act);
  torch::Tensor forward(const torch::Tensor& x);

  QConv2d fc1{nullptr}, fc2{nullptr};
  Activation act;
  int actSite = -1;

private:
  SiteContextPtr ctx_;
};
TORCH_MODULE(ConvMlp);

// timm's LinearTransformerBlock: x + attn(norm1(x)), then x + mlp(norm2(x)), norms GroupNorm(1).
class LinearTransformerBlockImpl : public torch::nn::Module {
public:
  LinearTransformerBlockImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, double mlpRatio,
                             Activation act);
  torch::Tensor forward(const torch::Tensor& x);

  QGroupNorm norm1{nullptr}, norm2{nullptr};
  LinearSelfAttention attn{nullptr};
  ConvMlp mlp{nullptr};
};
TORCH_MODULE(LinearTransformerBlock);

struct MobileVitV2BlockSpec {
  int64_t channels = 0;        // in and out channels
  int64_t transformerDim = 0;  // conv_1x1 output
  int64_t depth = 2;
  double mlpRatio = 2.0;
  int64_t patch = 2;
  Activation act = Activation::SiLU;
};

// [resize] → conv_kxk (depthwise) → conv_1x1 → unfold [B,C,P,N] → transformer → norm → fold →
// conv_proj (no act). No shortcut and no fusion. When a side is not a multiple of the patch size, the
// block input is resized bilinearly (align_corners=true) to the next multiple and the output keeps
// that size, as timm does.
class MobileVitV2BlockImpl : public MobileBlock {
public:
  MobileVitV2BlockImpl(const SiteContextPtr& ctx, const std::string& path, const MobileVitV2BlockSpec& spec);
  torch::Tensor forward(const torch::Tensor& x) override;
  // conv_1x1 (the last layer on the feature map) and the first layer on the unfolded patches.
  std::vector<std::string> bridgeLayers() const override;

  MobileVitV2BlockSpec spec;
  ConvNormAct conv_kxk{nullptr}, conv_proj{nullptr};
  QConv2d conv_1x1{nullptr};
  torch::nn::ModuleList transformer{nullptr};
  QGroupNorm norm{nullptr};
};
TORCH_MODULE(MobileVitV2Block);

}  // namespace vq
