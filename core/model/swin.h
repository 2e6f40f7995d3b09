#pragma once
// timm's SwinTransformer (v1): NHWC stages, shifted windows with relative position bias,
// PatchMerging at the start of every stage but the first (timm >= 0.9 layout).
#include "core/model/layers.h"
#include "core/model/model.h"

namespace vq {

struct SwinSpec {
  int64_t imgSize = 224, patchSize = 4, inChans = 3, numClasses = 1000;
  std::vector<int64_t> embedDims{96, 192, 384, 768}, depths{2, 2, 6, 2}, numHeads{3, 6, 12, 24}, windowSizes{7, 7, 7, 7};
  std::vector<int64_t> headDims;  // empty = dim / heads
  double mlpRatio = 4.0;
  bool qkvBias = true;
  bool alwaysPartition = false;
  std::string globalPool = "avg";  // "avg" | "max" | "avgmax"
  double normEps = 1e-5;
};

class SwinWindowAttentionImpl : public torch::nn::Module {
public:
  SwinWindowAttentionImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, int64_t heads, int64_t headDim,
                          int64_t windowH, int64_t windowW, bool qkvBias);
  // x: [B, nW, N, C]; mask: [nW, N, N] or undefined. Returns [B, nW, N, C].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);
  torch::Tensor relativePositionBias() const;  // [heads, N, N]

  QLinear qkv{nullptr}, proj{nullptr};
  torch::Tensor relative_position_bias_table;
  torch::Tensor relativePositionIndex;  // rebuilt, not part of the state dict (timm: persistent=False)
  int64_t heads, headDim;
  double scale;
  AttentionSites sites;

private:
  SiteContextPtr ctx_;
};
TORCH_MODULE(SwinWindowAttention);

class SwinBlockImpl : public torch::nn::Module {
public:
  SwinBlockImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, int64_t heads, int64_t headDim,
                int64_t resH, int64_t resW, int64_t window, bool shifted, const SwinSpec& spec);
  torch::Tensor forward(const torch::Tensor& x);  // NHWC

  QLayerNorm norm1{nullptr}, norm2{nullptr};
  SwinWindowAttention attn{nullptr};
  Mlp mlp{nullptr};
  int64_t windowH, windowW, shiftH, shiftW;
  torch::Tensor attnMask;  // [nW, N, N] with 0 / -100, undefined without shift

private:
  torch::Tensor windowAttention(const torch::Tensor& x);
};
TORCH_MODULE(SwinBlock);

class PatchMergingImpl : public torch::nn::Module {
public:
  PatchMergingImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, int64_t outDim, double eps);
  torch::Tensor forward(const torch::Tensor& x);  // NHWC → NH/2W/2C'

  QLayerNorm norm{nullptr};
  QLinear reduction{nullptr};
};
TORCH_MODULE(PatchMerging);

class SwinStageImpl : public torch::nn::Module {
public:
  PatchMerging downsample{nullptr};  // absent in the first stage
  torch::nn::ModuleList blocks{nullptr};
};
TORCH_MODULE(SwinStage);

class SwinPatchEmbedImpl : public torch::nn::Module {
public:
  QConv2d proj{nullptr};
  QLayerNorm norm{nullptr};
};
TORCH_MODULE(SwinPatchEmbed);

class SwinHeadImpl : public torch::nn::Module {
public:
  QLinear fc{nullptr};
};
TORCH_MODULE(SwinHead);

class SwinTransformer : public VisionModel {
public:
  explicit SwinTransformer(const SwinSpec& spec);
  torch::Tensor forwardFeatures(const torch::Tensor& x) override;  // NHWC after the final norm
  torch::Tensor forwardHead(const torch::Tensor& features) override;

  const SwinSpec spec;
  SwinPatchEmbed patchEmbed{nullptr};
  torch::nn::ModuleList layers{nullptr};
  QLayerNorm norm{nullptr};
  SwinHead head{nullptr};

private:
  void registerUnits();
};

}  // namespace vq
