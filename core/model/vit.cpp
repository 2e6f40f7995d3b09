#include "core/model/vit.h"

#include "core/model/family.h"
#include "core/util/error.h"

#include <torch/torch.h>

namespace vq {

PatchEmbedImpl::PatchEmbedImpl(const SiteContextPtr& ctx, int64_t inChans, int64_t dim, int64_t patch, bool bias) {
  ConvSpec s;
  s.in = inChans;
  s.out = dim;
  s.kernel = patch;
  s.stride = patch;
  s.bias = bias;
  proj = register_module("proj", QConv2d(ctx, "patch_embed.proj", s));
}

VisionTransformer::VisionTransformer(const VitSpec& s) : VisionModel("vit"), spec(s) {
  const auto& ctx = siteContext();
  inputChannels = s.inChans;
  inputHeight = inputWidth = s.imgSize;
  numPrefixTokens = (s.classToken ? 1 : 0) + (s.distilled ? 1 : 0) + s.regTokens;
  const int64_t grid = s.imgSize / s.patchSize;
  const int64_t numPatches = grid * grid;

  patchEmbed = register_module("patch_embed", PatchEmbed(ctx, s.inChans, s.embedDim, s.patchSize, /*bias=*/!s.preNorm));  // timm: no bias before norm_pre
  if (s.classToken) clsToken = register_parameter("cls_token", torch::randn({1, 1, s.embedDim}) * 1e-6);
  if (s.distilled) distToken = register_parameter("dist_token", torch::randn({1, 1, s.embedDim}) * 0.02);
  if (s.regTokens > 0) regToken = register_parameter("reg_token", torch::randn({1, s.regTokens, s.embedDim}) * 1e-6);
  const int64_t embedLen = s.noEmbedClass ? numPatches : numPatches + numPrefixTokens;
  posEmbed = register_parameter("pos_embed", torch::randn({1, embedLen, s.embedDim}) * 0.02);
  if (s.preNorm) normPre = register_module("norm_pre", QLayerNorm(ctx, "norm_pre", s.embedDim, s.normEps));

  blocks = register_module("blocks", torch::nn::ModuleList());
  BlockSpec b;
  b.dim = s.embedDim;
  b.heads = s.numHeads;
  b.mlpRatio = s.mlpRatio;
  b.qkvBias = s.qkvBias;
  b.normEps = s.normEps;
  b.layerScaleInit = s.initValues;
  for (int64_t i = 0; i < s.depth; ++i) blocks->push_back(Block(ctx, "blocks." + std::to_string(i), b));

  if (s.fcNorm)
    fcNormLayer = register_module("fc_norm", QLayerNorm(ctx, "fc_norm", s.embedDim, s.normEps));
  else
    norm = register_module("norm", QLayerNorm(ctx, "norm", s.embedDim, s.normEps));
  head = register_module("head", QLinear(ctx, "head", s.embedDim, s.numClasses));
  if (s.distilled) headDist = register_module("head_dist", QLinear(ctx, "head_dist", s.embedDim, s.numClasses));

  auto proj = patchEmbed->proj.ptr();
  addUnit("patch_embed.proj", "layer", false, [proj](const torch::Tensor& x) { return proj->forward(x); });
  for (int64_t i = 0; i < s.depth; ++i) {
    auto block = blocks->ptr<BlockImpl>(static_cast<size_t>(i));
    addUnit("blocks." + std::to_string(i), "transformer_block", i > 0, [block](const torch::Tensor& x) { return block->forward(x); });
  }
  auto headLayer = head.ptr();
  addUnit("head", "layer", false, [headLayer](const torch::Tensor& x) { return headLayer->forward(x); });
  if (s.distilled) {
    auto distLayer = headDist.ptr();
    addUnit("head_dist", "layer", false, [distLayer](const torch::Tensor& x) { return distLayer->forward(x); });
  }
}

torch::Tensor VisionTransformer::forwardFeatures(const torch::Tensor& input) {
  auto x = runUnit(0, input).flatten(2).transpose(1, 2);  // patch_embed.proj → [B, N, C]
  const auto B = x.size(0);
  std::vector<torch::Tensor> prefix;
  if (clsToken.defined()) prefix.push_back(clsToken.expand({B, -1, -1}));
  if (distToken.defined()) prefix.push_back(distToken.expand({B, -1, -1}));
  if (regToken.defined()) prefix.push_back(regToken.expand({B, -1, -1}));
  if (spec.noEmbedClass) {
    x = x + posEmbed;
    prefix.push_back(x);
    x = torch::cat(prefix, 1);
  } else {
    prefix.push_back(x);
    x = torch::cat(prefix, 1) + posEmbed;
  }
  if (normPre) x = normPre(x);
  for (size_t i = 0; i < blocks->size(); ++i) x = runUnit(1 + i, x);
  if (norm) x = norm(x);
  return x;
}

torch::Tensor VisionTransformer::forwardHead(const torch::Tensor& x) {
  if (spec.distilled) {
    auto a = runUnit(headUnit(), x.select(1, 0));
    auto b = runUnit(headUnit() + 1, x.select(1, 1));
    return (a + b) / 2;
  }
  torch::Tensor pooled;
  const auto tokens = x.narrow(1, numPrefixTokens, x.size(1) - numPrefixTokens);
  if (spec.globalPool == "avg")
    pooled = tokens.mean(1);
  else if (spec.globalPool == "max")
    pooled = std::get<0>(tokens.max(1));
  else if (spec.globalPool == "avgmax")
    pooled = 0.5 * (tokens.mean(1) + std::get<0>(tokens.max(1)));
  else
    pooled = x.select(1, 0);
  if (fcNormLayer) pooled = fcNormLayer(pooled);
  return runUnit(headUnit(), pooled);
}

// ---------------------------------------------------------------- family entry
namespace {

struct SizeDefaults {
  const char* name;
  int64_t dim, depth, heads;
};
const SizeDefaults kSizes[] = {
    {"tiny", 192, 12, 3},   {"small", 384, 12, 6},    {"medium", 512, 12, 8},
    {"base", 768, 12, 12},  {"large", 1024, 24, 16},  {"huge", 1280, 32, 16},
};

struct ParsedName {
  bool ok = false, deit = false, distilled = false;
  SizeDefaults size{};
  int64_t patch = 16, res = 224;
};

ParsedName parseName(std::string name) {
  ParsedName p;
  name = name.substr(0, name.find('.'));  // drop a pretrained tag such as ".fb_in1k"
  const auto parts = nameParts(name);
  if (parts.size() < 3 || (parts[0] != "vit" && parts[0] != "deit")) return p;
  p.deit = parts[0] == "deit";
  bool sizeFound = false, patchFound = false;
  for (const auto& s : kSizes)
    if (parts[1] == s.name) p.size = s, sizeFound = true;
  for (size_t i = 2; i < parts.size(); ++i) {
    const auto& part = parts[i];
    const auto patch = part.rfind("patch", 0) == 0 ? nameNumber(part.substr(5)) : std::nullopt;
    const auto res = i + 1 == parts.size() ? nameNumber(part) : std::nullopt;
    if (patch) {
      p.patch = *patch;
      patchFound = true;
    } else if (part == "distilled" && p.deit) {
      p.distilled = true;
    } else if (res) {
      p.res = *res;
    } else {
      return p;  // a variant we do not build (clip, siglip, gap, ...)
    }
  }
  p.ok = sizeFound && patchFound;
  return p;
}

bool matches(const std::string& name) { return parseName(name).ok; }

VisionModelPtr create(const ModelConfig& cfg, ModelArgs& args) {
  const auto p = parseName(cfg.architecture);
  VitSpec s;
  s.numClasses = cfg.numClasses;
  s.distilled = p.distilled;
  s.imgSize = args.getInt("img_size", p.res);
  s.patchSize = args.getInt("patch_size", p.patch);
  s.inChans = args.getInt("in_chans", 3);
  s.embedDim = args.getInt("embed_dim", p.size.dim);
  s.depth = args.getInt("depth", p.size.depth);
  s.numHeads = args.getInt("num_heads", p.size.heads);
  s.mlpRatio = args.getDouble("mlp_ratio", 4.0);
  s.qkvBias = args.getBool("qkv_bias", true);
  s.classToken = args.getBool("class_token", true);
  s.regTokens = args.getInt("reg_tokens", 0);
  s.noEmbedClass = args.getBool("no_embed_class", false);
  s.preNorm = args.getBool("pre_norm", false);
  s.globalPool = args.getString("global_pool", "token");
  s.initValues = args.getDouble("init_values", 0.0);
  const bool avgLike = s.globalPool == "avg" || s.globalPool == "max" || s.globalPool == "avgmax";
  s.fcNorm = args.getBool("fc_norm", avgLike);  // timm: None means "after pooling for avg-like pools"

  if (s.globalPool != "token" && !avgLike) args.fail("global_pool", "'" + s.globalPool + "' is not supported (token, avg, max, avgmax)");
  if (!s.classToken && s.globalPool == "token") args.fail("global_pool", "'token' pooling needs class_token=true");
  if (s.distilled && !s.classToken) args.fail("class_token", "a distilled DeiT needs its class token");
  if (s.imgSize < 1 || s.patchSize < 1 || s.imgSize % s.patchSize != 0)
    args.fail("img_size", "img_size " + std::to_string(s.imgSize) + " is not a positive multiple of patch_size " + std::to_string(s.patchSize));
  if (s.inChans < 1 || s.inChans > 64) args.fail("in_chans", "expected 1..64");
  if (s.embedDim < 1 || s.depth < 0 || s.numHeads < 1 || s.embedDim % s.numHeads != 0)
    args.fail("num_heads", "embed_dim " + std::to_string(s.embedDim) + " must be a positive multiple of num_heads " + std::to_string(s.numHeads));
  if (s.depth > 256 || s.embedDim > 16384 || s.imgSize > 4096) args.fail("depth", "model is unreasonably large");
  if (s.regTokens < 0) args.fail("reg_tokens", "reg_tokens must be >= 0");
  // Bounded so that dim × mlp_ratio cannot overflow the hidden width's integer (what memory such a model
  // needs is the allocation budget's business, zoo.cpp).
  if (!(s.mlpRatio > 0 && s.mlpRatio <= 1e6)) args.fail("mlp_ratio", "expected a number in (0, 1e6]");
  return std::make_shared<VisionTransformer>(s);
}

PretrainedCfg defaults(const std::string& name) {
  const auto p = parseName(name);
  PretrainedCfg c;
  c.inputSize = {3, p.res, p.res};
  if (p.deit) {
    c.mean = {0.485, 0.456, 0.406};
    c.std = {0.229, 0.224, 0.225};
    c.cropPct = p.res > 224 ? 1.0 : 0.875;
  } else {
    c.mean = {0.5, 0.5, 0.5};
    c.std = {0.5, 0.5, 0.5};
    c.cropPct = p.res > 224 ? 1.0 : 0.9;
  }
  c.interpolation = "bicubic";
  return c;
}

}  // namespace

const ModelFamily& vitFamily() {
  static const ModelFamily family{"vit", &matches, &create, &defaults,
                                  "vit_{tiny,small,medium,base,large,huge}_patch<P>_<res>, deit_{tiny,small,base}[_distilled]_patch16_<res>"};
  return family;
}

}  // namespace vq
