#pragma once
// The base of every zoo architecture: timm-named parameters, a forward split as timm's
// forward_features / forward_head, and the SiteContext through which quantizers reach every site.
#include "core/model/config.h"
#include "core/model/sites.h"

#include <torch/nn/module.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace vq {

// A unit of block-wise reconstruction: a module path and what kind of block it is.
struct ModelUnit {
  std::string path;  // e.g. "blocks.3", "layers.1.blocks.0", "stages.2.1", "head"
  std::string kind;  // "transformer_block", "swin_block", "patch_merging", "mobilevit_block", "mv2_block", "layer"
  bool chained = false;  // its input is the previous unit's output unchanged (so the two can be reconstructed jointly)
};

// A bridge block of a hybrid model (Q-HyViT, docs/design/methods.md §3): where a convolutional feature map is
// unfolded into tokens, the last layer before the hand-off and the first one after it. Q-HyViT measures
// the error of every layer in a bridge at the output of its last layer.
struct ModelBridge {
  std::string path;                 // the block that unfolds, e.g. "stages.2.1"
  std::vector<std::string> layers;  // Linear/Conv module paths in forward order
};

// Sees every unit's input and output during a forward pass (capturing reconstruction data). It may throw
// to stop the pass early once it has what it needs.
class UnitObserver {
public:
  virtual ~UnitObserver() = default;
  virtual void beforeUnit(size_t index, const torch::Tensor& input) = 0;
  virtual void afterUnit(size_t index, const torch::Tensor& output) = 0;
};

class VisionModel : public torch::nn::Module {
public:
  explicit VisionModel(std::string family) : family_(std::move(family)) {}

  // timm's forward_features: ViT/DeiT [B,N,C] after the final norm; Swin NHWC; MobileViT NCHW.
  virtual torch::Tensor forwardFeatures(const torch::Tensor& x) = 0;
  // timm's forward_head (pooling, optional fc_norm, classifier).
  virtual torch::Tensor forwardHead(const torch::Tensor& features) = 0;
  // Virtual for integer-only models, whose forward never leaves integers between features and head.
  virtual torch::Tensor forward(const torch::Tensor& x) { return forwardHead(forwardFeatures(x)); }

  // Reconstruction units in forward order; each runs on its own with forwardUnit (a unit's input is the
  // tensor the forward pass hands it: image, tokens, NHWC map or pooled features).
  const std::vector<ModelUnit>& units() const { return units_; }
  torch::Tensor forwardUnit(size_t index, const torch::Tensor& x) const { return unitForwards_.at(index)(x); }
  // Bridge blocks in forward order (empty for models without conv → transformer hand-offs).
  const std::vector<ModelBridge>& bridges() const { return bridges_; }
  // Borrowed; nullptr removes it.
  void setUnitObserver(UnitObserver* observer) { unitObserver_ = observer; }

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
  using UnitForward = std::function<torch::Tensor(const torch::Tensor&)>;
  // Architectures register their units in forward order at construction...
  void addUnit(std::string path, std::string kind, bool chained, UnitForward forward);
  void addBridge(ModelBridge bridge) { bridges_.push_back(std::move(bridge)); }
  // ...and their forward pass runs unit `index` through here, so observers see it.
  torch::Tensor runUnit(size_t index, const torch::Tensor& x) const;

  SiteContextPtr sites_ = std::make_shared<SiteContext>();

private:
  std::string family_;
  std::vector<ModelUnit> units_;
  std::vector<UnitForward> unitForwards_;
  std::vector<ModelBridge> bridges_;
  UnitObserver* unitObserver_ = nullptr;
};

using VisionModelPtr = std::shared_ptr<VisionModel>;

}  // namespace vq
