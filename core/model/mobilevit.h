#pragma once
// timm's MobileViT v1 (mobilevit_xxs / _xs / _s): a ByobNet of inverted-residual blocks and MobileViT
// blocks, whose transformers are timm's ViT Block (SiLU MLP, LayerNorm eps 1e-5) over unfolded patches.
#include "core/model/mobile_blocks.h"

namespace vq {

struct MobileVitBlockSpec {
  int64_t channels = 0;        // in and out channels (the block keeps the width)
  int64_t transformerDim = 0;  // conv_1x1 output = token width
  int64_t depth = 2;           // transformer blocks
  int64_t heads = 4;
  double mlpRatio = 2.0;
  int64_t patch = 2;  // square patches
  Activation act = Activation::SiLU;
};

// conv_kxk → conv_1x1 → unfold into patches → transformer → norm → fold → conv_proj →
// conv_fusion(concat(input, x)). Feature maps whose sides are not a multiple of the patch size are
// resized bilinearly (align_corners=false) before unfolding and back after folding, as timm does.
class MobileVitBlockImpl : public MobileBlock {
public:
  MobileVitBlockImpl(const SiteContextPtr& ctx, const std::string& path, const MobileVitBlockSpec& spec);
  torch::Tensor forward(const torch::Tensor& x) override;
  // conv_1x1 (the last layer on the feature map) and the first layer on the unfolded patches.
  std::vector<std::string> bridgeLayers() const override;

  MobileVitBlockSpec spec;
  ConvNormAct conv_kxk{nullptr}, conv_proj{nullptr}, conv_fusion{nullptr};
  QConv2d conv_1x1{nullptr};
  torch::nn::ModuleList transformer{nullptr};
  QLayerNorm norm{nullptr};
};
TORCH_MODULE(MobileVitBlock);

}  // namespace vq
