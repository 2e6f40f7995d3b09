#pragma once
// timm's VisionTransformer (ViT, DeiT) and VisionTransformerDistilled (DeiT with a distillation token).
#include "core/model/layers.h"
#include "core/model/model.h"

namespace vq {

struct VitSpec {
  int64_t imgSize = 224, patchSize = 16, inChans = 3, numClasses = 1000;
  int64_t embedDim = 768, depth = 12, numHeads = 12;
  double mlpRatio = 4.0;
  bool qkvBias = true;
  bool classToken = true;
  bool distilled = false;      // DeiT distillation token + head_dist
  int64_t regTokens = 0;
  bool noEmbedClass = false;
  bool preNorm = false;
  std::string globalPool = "token";  // "token" | "avg" | "max" | "avgmax"
  bool fcNorm = false;               // LayerNorm after pooling instead of before (timm: default for avg pools)
  double initValues = 0.0;           // LayerScale init, 0 = none
  double normEps = 1e-6;
};

// timm's PatchEmbed: a strided conv; its output is flattened to tokens by the model.
class PatchEmbedImpl : public torch::nn::Module {
public:
  PatchEmbedImpl(const SiteContextPtr& ctx, int64_t inChans, int64_t dim, int64_t patch, bool bias);
  QConv2d proj{nullptr};
};
TORCH_MODULE(PatchEmbed);

class VisionTransformer : public VisionModel {
public:
  explicit VisionTransformer(const VitSpec& spec);
  torch::Tensor forwardFeatures(const torch::Tensor& x) override;
  torch::Tensor forwardHead(const torch::Tensor& features) override;

  const VitSpec spec;
  int64_t numPrefixTokens = 1;
  PatchEmbed patchEmbed{nullptr};
  torch::Tensor clsToken, distToken, regToken, posEmbed;
  QLayerNorm normPre{nullptr}, norm{nullptr}, fcNormLayer{nullptr};
  torch::nn::ModuleList blocks{nullptr};
  QLinear head{nullptr}, headDist{nullptr};

private:
  size_t headUnit() const { return 1 + blocks->size(); }  // units: patch_embed.proj, blocks…, head[, head_dist]
};

}  // namespace vq
