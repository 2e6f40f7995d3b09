#pragma once
// Pieces shared by MobileViT v1 and v2, both built by timm as a ByobNet: conv-bn-act layers, the
// inverted-residual ("bottle") block, and the network skeleton stem → stages → [final_conv] → head.
// Module names follow timm's state_dict() ("stem.conv.weight", "stages.1.0.conv2_kxk.bn.running_var", ...).
#include "core/model/layers.h"
#include "core/model/model.h"

#include <memory>
#include <string>
#include <vector>

namespace vq {

// timm's make_divisible: rounds v to the nearest multiple of `divisor`, never below `divisor` and never
// more than 10% below v.
int64_t makeDivisible(double v, int64_t divisor = 8);

// A block of a stage; the network calls blocks through this interface.
class MobileBlock : public torch::nn::Module {
public:
  virtual torch::Tensor forward(const torch::Tensor& x) = 0;
  // Blocks that unfold a feature map into tokens name the layers on either side of it (ModelBridge).
  virtual std::vector<std::string> bridgeLayers() const { return {}; }
};

struct ConvNormActSpec {
  int64_t in = 0, out = 0, kernel = 1, stride = 1, groups = 1;
  bool applyAct = true;
  Activation act = Activation::SiLU;
};

// timm's ConvNormAct: conv (no bias, "same"-style symmetric padding) → BatchNorm (eps 1e-5) → optional act.
// timm keeps the activation inside the norm ("bn.act"), so its output is the ActOutput site
// "<path>.bn.act.output".
class ConvNormActImpl : public torch::nn::Module {
public:
  ConvNormActImpl(const SiteContextPtr& ctx, const std::string& path, const ConvNormActSpec& spec);
  torch::Tensor forward(const torch::Tensor& x);

  QConv2d conv{nullptr};
  BatchNorm2d bn{nullptr};
  ConvNormActSpec spec;
  int actSite = -1;

private:
  SiteContextPtr ctx_;
};
TORCH_MODULE(ConvNormAct);

// timm's BottleneckBlock as MobileViT configures it (bottle_in, linear_out, depthwise middle conv):
// conv1_1x1 (expand, act) → conv2_kxk (depthwise, strided, act) → conv3_1x1 (project, no act),
// plus the input when stride is 1 and the channel count is unchanged (timm's downsample='' drops the
// shortcut otherwise).
class InvertedResidualImpl : public MobileBlock {
public:
  InvertedResidualImpl(const SiteContextPtr& ctx, const std::string& path, int64_t in, int64_t out, int64_t stride,
                       double expandRatio, Activation act);
  torch::Tensor forward(const torch::Tensor& x) override;

  ConvNormAct conv1_1x1{nullptr}, conv2_kxk{nullptr}, conv3_1x1{nullptr};
  bool residual = false;
};
TORCH_MODULE(InvertedResidual);

// timm's ClassifierHead: global pooling of NCHW features, then "head.fc".
class PoolClassifierImpl : public torch::nn::Module {
public:
  PoolClassifierImpl(const SiteContextPtr& ctx, int64_t features, int64_t classes, std::string pool);
  torch::Tensor forward(const torch::Tensor& x);

  QLinear fc{nullptr};
  std::string pool;  // "avg" | "max" | "avgmax" | "catavgmax"
};
TORCH_MODULE(PoolClassifier);

// True for the global_pool values the head implements.
bool isSupportedGlobalPool(const std::string& pool);

struct MobileNetSpec {
  int64_t inChans = 3, stemChs = 16, numClasses = 1000;
  int64_t numFeatures = 0;  // > 0 adds timm's final_conv (1x1 conv-bn-act to this width); 0 = none
  std::string globalPool = "avg";
  bool zeroInitLast = true;  // timm: zero the last BatchNorm weight of residual blocks at init
  Activation act = Activation::SiLU;
};

// timm's ByobNet restricted to what MobileViT uses. The family builds it in forward order:
// construct (stem), then per stage beginStage() and addBlock(...) for each block, then finish()
// (final_conv, head and timm's weight init).
class MobileVitNet : public VisionModel {
public:
  MobileVitNet(const std::string& family, const MobileNetSpec& spec);

  void beginStage();
  // The path the next block of the current stage gets ("stages.<s>.<b>").
  std::string nextBlockPath() const;
  // `kind` is the reconstruction unit kind ("mv2_block", "mobilevit_block"); `outChs` the block's output width.
  void addBlock(const std::shared_ptr<MobileBlock>& block, const std::string& kind, int64_t outChs);
  void finish();
  int64_t channels() const { return channels_; }

  torch::Tensor forwardFeatures(const torch::Tensor& x) override;
  torch::Tensor forwardHead(const torch::Tensor& features) override;

  const MobileNetSpec spec;
  ConvNormAct stem{nullptr}, finalConv{nullptr};
  torch::nn::ModuleList stages{nullptr};
  PoolClassifier head{nullptr};

private:
  std::vector<std::vector<std::shared_ptr<MobileBlock>>> blocks_;
  int64_t channels_ = 0;
  bool finished_ = false;
};

// timm's byobnet weight init for seeded random builds: convs N(0, sqrt(2 / fan_out)), linears N(0, 0.01),
// biases 0, norms 1/0, and (when zeroInitLast) a zero last BatchNorm weight in residual blocks.
void initMobileWeights(MobileVitNet& model);

// A timm name split into its base ("mobilevit_xxs") and pretrained tag ("cvnets_in1k", may be empty).
struct TaggedName {
  std::string base, tag;
};
TaggedName splitPretrainedTag(const std::string& architecture);

}  // namespace vq
