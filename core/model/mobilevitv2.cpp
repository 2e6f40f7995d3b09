#include "core/model/mobilevitv2.h"

#include "core/model/family.h"

#include <torch/torch.h>

namespace vq {

namespace F = torch::nn::functional;

namespace {

ConvSpec pointwise(int64_t in, int64_t out, bool bias) {
  ConvSpec s;
  s.in = in;
  s.out = out;
  s.bias = bias;
  return s;
}

}  // namespace

// ---------------------------------------------------------------- linear self-attention
LinearSelfAttentionImpl::LinearSelfAttentionImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim_)
    : dim(dim_), ctx_(ctx) {
  qkv_proj = register_module("qkv_proj", QConv2d(ctx, joinPath(path, "qkv_proj"), pointwise(dim, 1 + 2 * dim, true)));
  qSite = ctx->add({-1, "", path, "q", SiteKind::MatmulOperand, 1, 1});
  kSite = ctx->add({-1, "", path, "k", SiteKind::MatmulOperand, 1, 1});
  softmaxSite = ctx->add({-1, "", joinPath(path, "softmax"), "output", SiteKind::SoftmaxOutput, 1, 1});
  contextSite = ctx->add({-1, "", path, "context", SiteKind::MatmulOperand, 1, 1});
  vSite = ctx->add({-1, "", path, "v", SiteKind::MatmulOperand, 1, 1});
  out_proj = register_module("out_proj", QConv2d(ctx, joinPath(path, "out_proj"), pointwise(dim, dim, true)));
}

torch::Tensor LinearSelfAttentionImpl::forward(const torch::Tensor& x) {
  const auto qkv = qkv_proj(x);  // [B, 1 + 2d, P, N]
  const auto query = ctx_->tap(qSite, qkv.narrow(1, 0, 1));
  const auto key = ctx_->tap(kSite, qkv.narrow(1, 1, dim));
  const auto value = qkv.narrow(1, 1 + dim, dim);
  const auto scores = ctx_->tap(softmaxSite, torch::softmax(query, -1));      // over the patches N
  const auto context = ctx_->tap(contextSite, (key * scores).sum(-1, true));  // [B, d, P, 1]
  const auto out = ctx_->tap(vSite, torch::relu(value)) * context.expand_as(value);
  return out_proj(out);
}

// ---------------------------------------------------------------- conv MLP, transformer block
ConvMlpImpl::ConvMlpImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, int64_t hidden, Activation act_)
    : act(act_), ctx_(ctx) {
  fc1 = register_module("fc1", QConv2d(ctx, joinPath(path, "fc1"), pointwise(dim, hidden, true)));
  actSite = ctx->add({-1, "", joinPath(path, "act"), "output", SiteKind::ActOutput, 1, 0});
  fc2 = register_module("fc2", QConv2d(ctx, joinPath(path, "fc2"), pointwise(hidden, dim, true)));
}

torch::Tensor ConvMlpImpl::forward(const torch::Tensor& x) { return fc2(ctx_->tap(actSite, applyActivation(act, fc1(x)))); }

LinearTransformerBlockImpl::LinearTransformerBlockImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim,
                                                       double mlpRatio, Activation act) {
  norm1 = register_module("norm1", QGroupNorm(ctx, joinPath(path, "norm1"), 1, dim, 1e-5));
  attn = register_module("attn", LinearSelfAttention(ctx, joinPath(path, "attn"), dim));
  norm2 = register_module("norm2", QGroupNorm(ctx, joinPath(path, "norm2"), 1, dim, 1e-5));
  mlp = register_module("mlp", ConvMlp(ctx, joinPath(path, "mlp"), dim, static_cast<int64_t>(dim * mlpRatio), act));
}

torch::Tensor LinearTransformerBlockImpl::forward(const torch::Tensor& x) {
  auto y = x + attn(norm1(x));
  return y + mlp(norm2(y));
}

// ---------------------------------------------------------------- MobileViT v2 block
MobileVitV2BlockImpl::MobileVitV2BlockImpl(const SiteContextPtr& ctx, const std::string& path,
                                           const MobileVitV2BlockSpec& s)
    : spec(s) {
  const int64_t c = s.channels, d = s.transformerDim;
  const ConvNormActSpec local{c, c, 3, 1, c, true, s.act}, proj{d, c, 1, 1, 1, false, s.act};  // depthwise; linear proj
  conv_kxk = register_module("conv_kxk", ConvNormAct(ctx, joinPath(path, "conv_kxk"), local));
  conv_1x1 = register_module("conv_1x1", QConv2d(ctx, joinPath(path, "conv_1x1"), pointwise(c, d, false)));
  transformer = register_module("transformer", torch::nn::ModuleList());
  for (int64_t i = 0; i < s.depth; ++i)
    transformer->push_back(LinearTransformerBlock(ctx, joinPath(path, "transformer." + std::to_string(i)), d, s.mlpRatio, s.act));
  norm = register_module("norm", QGroupNorm(ctx, joinPath(path, "norm"), 1, d, 1e-5));
  conv_proj = register_module("conv_proj", ConvNormAct(ctx, joinPath(path, "conv_proj"), proj));
}

std::vector<std::string> MobileVitV2BlockImpl::bridgeLayers() const {
  // Without transformer layers the patches go straight back through the fold to conv_proj.
  const auto after = transformer->is_empty() ? conv_proj->conv->path : transformer->ptr(0)->as<LinearTransformerBlockImpl>()->attn->qkv_proj->path;
  return {conv_1x1->path, after};
}

torch::Tensor MobileVitV2BlockImpl::forward(const torch::Tensor& input) {
  const auto B = input.size(0), H = input.size(2), W = input.size(3);
  const int64_t p = spec.patch;
  const int64_t nh = (H + p - 1) / p, nw = (W + p - 1) / p;
  const int64_t N = nh * nw;
  auto x = input;
  if (nh * p != H || nw * p != W)
    x = F::interpolate(x, F::InterpolateFuncOptions()
                              .size(std::vector<int64_t>{nh * p, nw * p})
                              .mode(torch::kBilinear)
                              .align_corners(true));

  x = conv_1x1(conv_kxk(x));
  const auto C = x.size(1);
  // [B, C, nh*p, nw*p] → [B, C, P, N]
  x = x.reshape({B, C, nh, p, nw, p}).permute({0, 1, 3, 5, 2, 4}).reshape({B, C, p * p, N});

  for (const auto& block : *transformer) x = block->as<LinearTransformerBlockImpl>()->forward(x);
  x = norm(x);

  // [B, C, P, N] → [B, C, nh*p, nw*p]
  x = x.reshape({B, C, p, p, nh, nw}).permute({0, 1, 4, 2, 5, 3}).reshape({B, C, nh * p, nw * p});
  return conv_proj(x);
}

// ---------------------------------------------------------------- family entry
namespace {

struct Multiplier {
  const char* suffix;
  double value;
};
const Multiplier kMultipliers[] = {{"050", 0.5}, {"075", 0.75}, {"100", 1.0}, {"125", 1.25},
                                   {"150", 1.5}, {"175", 1.75}, {"200", 2.0}};

struct ParsedName {
  bool ok = false;
  double multiplier = 1.0;
  int64_t res = 256;
  double cropPct = 0.888;
};

// "mobilevitv2_<mult>[.<tag>]", plus timm's deprecated aliases "mobilevitv2_{150,175,200}[_384]_in22ft1k".
// A tag ending in "_384" (cvnets_in22k_ft_in1k_384) selects timm's 384x384 pretrained config.
ParsedName parseName(const std::string& architecture) {
  ParsedName p;
  const auto tagged = splitPretrainedTag(architecture);
  const auto parts = nameParts(tagged.base);
  if (parts.size() < 2 || parts[0] != "mobilevitv2") return p;
  for (const auto& m : kMultipliers)
    if (parts[1] == m.suffix) p.multiplier = m.value, p.ok = true;
  if (!p.ok) return p;
  bool is384 = tagged.tag.size() >= 4 && tagged.tag.compare(tagged.tag.size() - 4, 4, "_384") == 0;
  if (parts.size() > 2) {
    const bool big = parts[1] == "150" || parts[1] == "175" || parts[1] == "200";
    const bool alias = tagged.tag.empty() && big && parts.back() == "in22ft1k" &&
                       (parts.size() == 3 || (parts.size() == 4 && parts[2] == "384"));
    if (!alias) {
      p.ok = false;
      return p;
    }
    is384 = parts.size() == 4;
  }
  if (is384) p.res = 384, p.cropPct = 1.0;
  return p;
}

bool matches(const std::string& name) { return parseName(name).ok; }

VisionModelPtr create(const ModelConfig& cfg, ModelArgs& args) {
  const auto name = parseName(cfg.architecture);
  const double m = name.multiplier;
  // timm's _mobilevitv2_cfg: widths scaled by the multiplier (truncated), stem int(32 * m).
  const int64_t base[5] = {64, 128, 256, 384, 512};
  int64_t chs[5];
  for (int i = 0; i < 5; ++i) chs[i] = m == 1.0 ? base[i] : static_cast<int64_t>(static_cast<double>(base[i]) * m);

  MobileNetSpec net;
  net.numClasses = cfg.numClasses;
  net.inChans = args.getInt("in_chans", 3);
  net.globalPool = args.getString("global_pool", "avg");
  net.zeroInitLast = args.getBool("zero_init_last", true);
  net.stemChs = static_cast<int64_t>(32.0 * m);
  net.numFeatures = 0;  // no final_conv: the head sees the last stage's channels
  if (net.inChans < 1 || net.inChans > 64) args.fail("in_chans", "expected 1..64");
  if (!isSupportedGlobalPool(net.globalPool))
    args.fail("global_pool", "'" + net.globalPool + "' is not supported (avg, max, avgmax, catavgmax)");

  struct StageCfg {
    int64_t blocks, stride, transformerDepth;  // transformerDepth 0 = no MobileViT v2 block
  };
  const StageCfg stages[5] = {{1, 1, 0}, {2, 2, 0}, {1, 2, 2}, {1, 2, 4}, {1, 2, 3}};

  auto model = std::make_shared<MobileVitNet>("mobilevitv2", net);
  const auto& ctx = model->siteContext();
  for (int s = 0; s < 5; ++s) {
    model->beginStage();
    const int64_t out = makeDivisible(static_cast<double>(chs[s]));
    for (int64_t i = 0; i < stages[s].blocks; ++i) {
      const int64_t stride = i == 0 ? stages[s].stride : 1;
      auto block = InvertedResidual(ctx, model->nextBlockPath(), model->channels(), out, stride, 2.0, net.act);
      model->addBlock(block.ptr(), "mv2_block", out);
    }
    if (stages[s].transformerDepth > 0) {
      MobileVitV2BlockSpec b;
      b.channels = out;
      b.transformerDim = makeDivisible(0.5 * static_cast<double>(out));
      b.depth = stages[s].transformerDepth;
      b.act = net.act;
      model->addBlock(MobileVitV2Block(ctx, model->nextBlockPath(), b).ptr(), "mobilevit_block", out);
    }
  }
  model->finish();
  return model;
}

PretrainedCfg defaults(const std::string& architecture) {
  const auto name = parseName(architecture);
  PretrainedCfg c;  // timm's _cfg in mobilevit.py with the v2 crop_pct
  c.inputSize = {3, name.res, name.res};
  c.mean = {0.0, 0.0, 0.0};
  c.std = {1.0, 1.0, 1.0};
  c.cropPct = name.cropPct;
  c.interpolation = "bicubic";
  return c;
}

}  // namespace

const ModelFamily& mobileVitV2Family() {
  static const ModelFamily family{"mobilevitv2", &matches, &create, &defaults,
                                  "mobilevitv2_{050,075,100,125,150,175,200}"};
  return family;
}

}  // namespace vq
