#include "core/model/mobile_blocks.h"

#include <torch/torch.h>

#include <cassert>
#include <cmath>

namespace vq {

int64_t makeDivisible(double v, int64_t divisor) {
  const auto d = static_cast<double>(divisor);
  int64_t rounded = static_cast<int64_t>(v + d / 2) / divisor * divisor;
  rounded = std::max(divisor, rounded);
  if (static_cast<double>(rounded) < 0.9 * v) rounded += divisor;
  return rounded;
}

// ---------------------------------------------------------------- ConvNormAct
ConvNormActImpl::ConvNormActImpl(const SiteContextPtr& ctx, const std::string& path, const ConvNormActSpec& s)
    : spec(s), ctx_(ctx) {
  ConvSpec c;
  c.in = s.in;
  c.out = s.out;
  c.kernel = s.kernel;
  c.stride = s.stride;
  c.padding = ((s.stride - 1) + (s.kernel - 1)) / 2;  // timm's get_padding for dilation 1
  c.groups = s.groups;
  c.bias = false;
  conv = register_module("conv", QConv2d(ctx, joinPath(path, "conv"), c));
  bn = register_module("bn", BatchNorm2d(s.out, 1e-5));
  if (s.applyAct) actSite = ctx->add({-1, "", joinPath(path, "bn.act"), "output", SiteKind::ActOutput, 1, 0});
}

torch::Tensor ConvNormActImpl::forward(const torch::Tensor& x) {
  auto y = bn(conv(x));
  if (!spec.applyAct) return y;
  return ctx_->tap(actSite, applyActivation(spec.act, y));
}

// ---------------------------------------------------------------- inverted residual
InvertedResidualImpl::InvertedResidualImpl(const SiteContextPtr& ctx, const std::string& path, int64_t in, int64_t out,
                                           int64_t stride, double expandRatio, Activation act) {
  const int64_t mid = makeDivisible(static_cast<double>(in) * expandRatio);
  residual = stride == 1 && in == out;
  ConvNormActSpec s1{in, mid, 1, 1, 1, true, act};
  ConvNormActSpec s2{mid, mid, 3, stride, mid, true, act};
  ConvNormActSpec s3{mid, out, 1, 1, 1, false, act};
  conv1_1x1 = register_module("conv1_1x1", ConvNormAct(ctx, joinPath(path, "conv1_1x1"), s1));
  conv2_kxk = register_module("conv2_kxk", ConvNormAct(ctx, joinPath(path, "conv2_kxk"), s2));
  conv3_1x1 = register_module("conv3_1x1", ConvNormAct(ctx, joinPath(path, "conv3_1x1"), s3));
}

torch::Tensor InvertedResidualImpl::forward(const torch::Tensor& x) {
  auto y = conv3_1x1(conv2_kxk(conv1_1x1(x)));
  return residual ? y + x : y;
}

// ---------------------------------------------------------------- head
bool isSupportedGlobalPool(const std::string& pool) {
  return pool == "avg" || pool == "max" || pool == "avgmax" || pool == "catavgmax";
}

PoolClassifierImpl::PoolClassifierImpl(const SiteContextPtr& ctx, int64_t features, int64_t classes, std::string pool_)
    : pool(std::move(pool_)) {
  const int64_t pooled = pool == "catavgmax" ? 2 * features : features;
  fc = register_module("fc", QLinear(ctx, "head.fc", pooled, classes));
}

torch::Tensor PoolClassifierImpl::forward(const torch::Tensor& x) {
  torch::Tensor pooled;
  if (pool == "max")
    pooled = x.amax({2, 3});
  else if (pool == "avgmax")
    pooled = 0.5 * (x.mean({2, 3}) + x.amax({2, 3}));
  else if (pool == "catavgmax")
    pooled = torch::cat({x.mean({2, 3}), x.amax({2, 3})}, 1);
  else
    pooled = x.mean({2, 3});
  return fc(pooled);
}

// ---------------------------------------------------------------- network skeleton
MobileVitNet::MobileVitNet(const std::string& family, const MobileNetSpec& s) : VisionModel(family), spec(s) {
  inputChannels = s.inChans;
  inputMinSide = 1;  // any size: feature maps that do not divide into patches are resized, as in timm
  stem = register_module("stem", ConvNormAct(siteContext(), "stem", ConvNormActSpec{s.inChans, s.stemChs, 3, 2, 1, true, s.act}));
  stages = register_module("stages", torch::nn::ModuleList());
  channels_ = s.stemChs;
  auto stemLayer = stem.ptr();
  addUnit("stem", "layer", false, [stemLayer](const torch::Tensor& x) { return stemLayer->forward(x); });
}

void MobileVitNet::beginStage() {
  assert(!finished_);
  stages->push_back(torch::nn::ModuleList());
  blocks_.emplace_back();
}

std::string MobileVitNet::nextBlockPath() const {
  assert(!blocks_.empty());
  return "stages." + std::to_string(blocks_.size() - 1) + "." + std::to_string(blocks_.back().size());
}

void MobileVitNet::addBlock(const std::shared_ptr<MobileBlock>& block, const std::string& kind, int64_t outChs) {
  assert(!finished_ && !blocks_.empty());
  if (auto layers = block->bridgeLayers(); !layers.empty()) addBridge({nextBlockPath(), std::move(layers)});
  addUnit(nextBlockPath(), kind, true, [block](const torch::Tensor& x) { return block->forward(x); });
  stages->ptr(stages->size() - 1)->as<torch::nn::ModuleListImpl>()->push_back(block);
  blocks_.back().push_back(block);
  channels_ = outChs;
}

void MobileVitNet::finish() {
  assert(!finished_);
  finished_ = true;
  int64_t features = channels_;
  if (spec.numFeatures > 0) {
    finalConv = register_module("final_conv", ConvNormAct(siteContext(), "final_conv",
                                                          ConvNormActSpec{channels_, spec.numFeatures, 1, 1, 1, true, spec.act}));
    features = spec.numFeatures;
    auto conv = finalConv.ptr();
    addUnit("final_conv", "layer", true, [conv](const torch::Tensor& x) { return conv->forward(x); });
  }
  head = register_module("head", PoolClassifier(siteContext(), features, spec.numClasses, spec.globalPool));
  auto classifier = head.ptr();
  addUnit("head", "layer", true, [classifier](const torch::Tensor& x) { return classifier->forward(x); });
  initMobileWeights(*this);
}

torch::Tensor MobileVitNet::forwardFeatures(const torch::Tensor& input) {
  // Units in order: stem, every block, final_conv (if any); the last unit is the head.
  auto x = input;
  for (size_t i = 0; i + 1 < units().size(); ++i) x = runUnit(i, x);
  return x;
}

torch::Tensor MobileVitNet::forwardHead(const torch::Tensor& features) { return runUnit(units().size() - 1, features); }

// ---------------------------------------------------------------- init
void initMobileWeights(MobileVitNet& model) {
  torch::NoGradGuard noGrad;
  for (const auto& module : model.modules(/*include_self=*/false)) {
    if (auto* conv = module->as<QConv2dImpl>()) {
      const auto& s = conv->spec;
      const double fanOut = static_cast<double>(s.kernel * s.kernel * s.out / s.groups);
      conv->weight.normal_(0.0, std::sqrt(2.0 / fanOut));
      if (conv->bias.defined()) conv->bias.zero_();
    } else if (auto* linear = module->as<QLinearImpl>()) {
      linear->weight.normal_(0.0, 0.01);
      if (linear->bias.defined()) linear->bias.zero_();
    } else if (auto* ir = module->as<InvertedResidualImpl>()) {
      if (model.spec.zeroInitLast && ir->residual) ir->conv3_1x1->bn->weight.zero_();
    }
  }
}

TaggedName splitPretrainedTag(const std::string& architecture) {
  const auto dot = architecture.find('.');
  if (dot == std::string::npos) return {architecture, ""};
  return {architecture.substr(0, dot), architecture.substr(dot + 1)};
}

}  // namespace vq
