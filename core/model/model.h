#pragma once
// The base of every zoo architecture: timm-named parameters, a forward split as timm's
// forward_features / forward_head, and the SiteContext through which quantizers reach every site.
#include "core/model/config.h"
#include "core/model/sites.h"

#include <torch/nn/module.h>

#include <memory>
#include <string>
#include <vector>

namespace vq {

// A unit of block-wise reconstruction: a module path and what kind of block it is.
struct ModelUnit {
  std::string path;  // e.g. "blocks.3", "layers.1.blocks.0", "stages.2.1", "head"
  std::string kind;  // "transformer_block", "swin_block", "mobilevit_block", "mv2_block", "layer"
};

class VisionModel : public torch::nn::Module {
public:
  explicit VisionModel(std::string family) : family_(std::move(family)) {}

  // timm's forward_features: ViT/DeiT [B,N,C] after the final norm; Swin NHWC; MobileViT NCHW.
  virtual torch::Tensor forwardFeatures(const torch::Tensor& x) = 0;
  // timm's forward_head (pooling, optional fc_norm, classifier).
  virtual torch::Tensor forwardHead(const torch::Tensor& features) = 0;
  torch::Tensor forward(const torch::Tensor& x) { return forwardHead(forwardFeatures(x)); }

  // Reconstruction units in forward order.
  virtual std::vector<ModelUnit> units() const = 0;

  // The input the model accepts: channels always; height/width when the architecture fixes them
  // (ViT/DeiT/Swin: img_size), 0 when any size of at least inputMinSide works (MobileViT, which
  // like timm resizes feature maps that do not divide into its patches).
  int64_t inputChannels = 3, inputHeight = 0, inputWidth = 0, inputMinSide = 1;
  // Throws vq::Error(Input) naming `source` when x is not [B, C, H, W] of an accepted size.
  void checkInput(const torch::Tensor& x, const std::string& source) const;

  const std::string& family() const { return family_; }  // "vit", "swin", "mobilevit", "mobilevitv2"
  SiteContext& sites() { return *sites_; }
  const SiteContext& sites() const { return *sites_; }
  const SiteContextPtr& siteContext() const { return sites_; }

protected:
  SiteContextPtr sites_ = std::make_shared<SiteContext>();

private:
  std::string family_;
};

using VisionModelPtr = std::shared_ptr<VisionModel>;

}  // namespace vq
