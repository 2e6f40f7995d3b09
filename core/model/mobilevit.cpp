#include "core/model/mobilevit.h"

#include "core/model/family.h"

#include <torch/torch.h>

namespace vq {

namespace F = torch::nn::functional;

// ---------------------------------------------------------------- MobileViT block
MobileVitBlockImpl::MobileVitBlockImpl(const SiteContextPtr& ctx, const std::string& path, const MobileVitBlockSpec& s)
    : spec(s) {
  const int64_t c = s.channels, d = s.transformerDim;
  const ConvNormActSpec local{c, c, 3, 1, 1, true, s.act}, proj{d, c, 1, 1, 1, true, s.act},
      fusion{2 * c, c, 3, 1, 1, true, s.act};
  conv_kxk = register_module("conv_kxk", ConvNormAct(ctx, joinPath(path, "conv_kxk"), local));
  ConvSpec pointwise;
  pointwise.in = c;
  pointwise.out = d;
  pointwise.bias = false;
  conv_1x1 = register_module("conv_1x1", QConv2d(ctx, joinPath(path, "conv_1x1"), pointwise));

  BlockSpec b;
  b.dim = d;
  b.heads = s.heads;
  b.mlpRatio = s.mlpRatio;
  b.qkvBias = true;
  b.normEps = 1e-5;  // nn.LayerNorm default
  b.act = s.act;
  transformer = register_module("transformer", torch::nn::ModuleList());
  for (int64_t i = 0; i < s.depth; ++i)
    transformer->push_back(Block(ctx, joinPath(path, "transformer." + std::to_string(i)), b));
  norm = register_module("norm", QLayerNorm(ctx, joinPath(path, "norm"), d, 1e-5));

  conv_proj = register_module("conv_proj", ConvNormAct(ctx, joinPath(path, "conv_proj"), proj));
  conv_fusion = register_module("conv_fusion", ConvNormAct(ctx, joinPath(path, "conv_fusion"), fusion));
}

std::vector<std::string> MobileVitBlockImpl::bridgeLayers() const {
  // Without transformer layers the patches go straight back through the fold to conv_proj.
  const auto after = transformer->is_empty() ? conv_proj->conv->path : transformer->ptr(0)->as<BlockImpl>()->attn->qkv->path;
  return {conv_1x1->path, after};
}

torch::Tensor MobileVitBlockImpl::forward(const torch::Tensor& input) {
  auto x = conv_1x1(conv_kxk(input));
  const auto B = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
  const int64_t p = spec.patch;
  const int64_t nh = (H + p - 1) / p, nw = (W + p - 1) / p;
  const int64_t N = nh * nw, P = p * p;
  const bool resize = nh * p != H || nw * p != W;
  auto bilinear = [](const torch::Tensor& t, int64_t h, int64_t w) {
    return F::interpolate(t, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{h, w})
                                 .mode(torch::kBilinear)
                                 .align_corners(false));
  };
  if (resize) x = bilinear(x, nh * p, nw * p);

  // [B, C, nh*p, nw*p] → [B*P, N, C]: one token sequence per pixel position inside the patch.
  x = x.reshape({B * C * nh, p, nw, p}).transpose(1, 2);
  x = x.reshape({B, C, N, P}).transpose(1, 3).reshape({B * P, N, C});

  for (const auto& block : *transformer) x = block->as<BlockImpl>()->forward(x);
  x = norm(x);

  // And back: [B*P, N, C] → [B, C, nh*p, nw*p].
  x = x.contiguous().view({B, P, N, C}).transpose(1, 3).reshape({B * C * nh, nw, p, p});
  x = x.transpose(1, 2).reshape({B, C, nh * p, nw * p});
  if (resize) x = bilinear(x, H, W);

  x = conv_proj(x);
  return conv_fusion(torch::cat({input, x}, 1));
}

// ---------------------------------------------------------------- family entry
namespace {

struct StageCfg {
  int64_t channels, blocks, stride;
  double expandRatio;
  int64_t transformerDim, transformerDepth;  // 0 = the stage has no MobileViT block
};

struct SizeCfg {
  const char* name;
  int64_t stemChs, numFeatures;
  StageCfg stages[5];
};

// timm's model_cfgs for the v1 sizes (mobilevit.py).
const SizeCfg kSizes[] = {
    {"mobilevit_xxs", 16, 320,
     {{16, 1, 1, 2.0, 0, 0}, {24, 3, 2, 2.0, 0, 0}, {48, 1, 2, 2.0, 64, 2}, {64, 1, 2, 2.0, 80, 4}, {80, 1, 2, 2.0, 96, 3}}},
    {"mobilevit_xs", 16, 384,
     {{32, 1, 1, 4.0, 0, 0}, {48, 3, 2, 4.0, 0, 0}, {64, 1, 2, 4.0, 96, 2}, {80, 1, 2, 4.0, 120, 4}, {96, 1, 2, 4.0, 144, 3}}},
    {"mobilevit_s", 16, 640,
     {{32, 1, 1, 4.0, 0, 0}, {64, 3, 2, 4.0, 0, 0}, {96, 1, 2, 4.0, 144, 2}, {128, 1, 2, 4.0, 192, 4}, {160, 1, 2, 4.0, 240, 3}}},
};

const SizeCfg* findSize(const std::string& architecture) {
  const auto base = splitPretrainedTag(architecture).base;
  for (const auto& s : kSizes)
    if (base == s.name) return &s;
  return nullptr;
}

bool matches(const std::string& name) { return findSize(name) != nullptr; }

VisionModelPtr create(const ModelConfig& cfg, ModelArgs& args) {
  const SizeCfg& size = *findSize(cfg.architecture);
  MobileNetSpec net;
  net.numClasses = cfg.numClasses;
  net.inChans = args.getInt("in_chans", 3);
  net.globalPool = args.getString("global_pool", "avg");
  net.zeroInitLast = args.getBool("zero_init_last", true);
  net.stemChs = size.stemChs;
  net.numFeatures = size.numFeatures;
  if (net.inChans < 1 || net.inChans > 64) args.fail("in_chans", "expected 1..64");
  if (!isSupportedGlobalPool(net.globalPool))
    args.fail("global_pool", "'" + net.globalPool + "' is not supported (avg, max, avgmax, catavgmax)");

  auto model = std::make_shared<MobileVitNet>("mobilevit", net);
  const auto& ctx = model->siteContext();
  for (const auto& st : size.stages) {
    model->beginStage();
    const int64_t out = makeDivisible(static_cast<double>(st.channels));
    for (int64_t i = 0; i < st.blocks; ++i) {
      const int64_t stride = i == 0 ? st.stride : 1;
      auto block = InvertedResidual(ctx, model->nextBlockPath(), model->channels(), out, stride, st.expandRatio, net.act);
      model->addBlock(block.ptr(), "mv2_block", out);
    }
    if (st.transformerDim > 0) {
      MobileVitBlockSpec b;
      b.channels = out;
      b.transformerDim = st.transformerDim;
      b.depth = st.transformerDepth;
      b.act = net.act;
      model->addBlock(MobileVitBlock(ctx, model->nextBlockPath(), b).ptr(), "mobilevit_block", out);
    }
  }
  model->finish();
  return model;
}

PretrainedCfg defaults(const std::string&) {
  PretrainedCfg c;  // timm's _cfg in mobilevit.py
  c.inputSize = {3, 256, 256};
  c.mean = {0.0, 0.0, 0.0};
  c.std = {1.0, 1.0, 1.0};
  c.cropPct = 0.9;
  c.interpolation = "bicubic";
  return c;
}

}  // namespace

const ModelFamily& mobileVitFamily() {
  static const ModelFamily family{"mobilevit", &matches, &create, &defaults, "mobilevit_{xxs,xs,s}"};
  return family;
}

}  // namespace vq
