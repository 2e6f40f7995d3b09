#include "core/model/swin.h"

#include "core/model/family.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <cmath>

namespace vq {
namespace {

// [B, H, W, C] → [B, nW, wh*ww, C] (windows in row-major order of the window grid).
torch::Tensor partitionWindows(const torch::Tensor& x, int64_t wh, int64_t ww) {
  const auto B = x.size(0), H = x.size(1), W = x.size(2), C = x.size(3);
  return x.view({B, H / wh, wh, W / ww, ww, C}).permute({0, 1, 3, 2, 4, 5}).reshape({B, (H / wh) * (W / ww), wh * ww, C});
}

// Inverse of partitionWindows.
torch::Tensor reverseWindows(const torch::Tensor& windows, int64_t wh, int64_t ww, int64_t H, int64_t W) {
  const auto B = windows.size(0), C = windows.size(3);
  return windows.view({B, H / wh, W / ww, wh, ww, C}).permute({0, 1, 3, 2, 4, 5}).reshape({B, H, W, C});
}

// Index into the (2wh-1)(2ww-1) bias table for every pair of positions in a window.
torch::Tensor relativeIndex(int64_t wh, int64_t ww) {
  auto ys = torch::arange(wh, torch::kInt64).view({wh, 1}).expand({wh, ww}).reshape({-1});
  auto xs = torch::arange(ww, torch::kInt64).view({1, ww}).expand({wh, ww}).reshape({-1});
  auto dy = ys.view({-1, 1}) - ys.view({1, -1}) + (wh - 1);
  auto dx = xs.view({-1, 1}) - xs.view({1, -1}) + (ww - 1);
  return dy * (2 * ww - 1) + dx;
}

// The shifted-window mask: windows that straddle the cyclic shift's seam must not attend across it.
torch::Tensor shiftMask(int64_t H, int64_t W, int64_t wh, int64_t ww, int64_t sh, int64_t sw) {
  const int64_t Hp = (H + wh - 1) / wh * wh, Wp = (W + ww - 1) / ww * ww;
  auto regions = torch::zeros({1, Hp, Wp, 1});
  const int64_t hb[4] = {0, Hp - wh, Hp - sh, Hp}, wb[4] = {0, Wp - ww, Wp - sw, Wp};
  float label = 0;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      regions.slice(1, hb[i], hb[i + 1]).slice(2, wb[j], wb[j + 1]).fill_(label);
      label += 1;
    }
  auto windows = partitionWindows(regions, wh, ww).squeeze(0).squeeze(-1);  // [nW, N]
  auto diff = windows.unsqueeze(1) - windows.unsqueeze(2);
  return torch::where(diff != 0, torch::full_like(diff, -100.0f), torch::zeros_like(diff));
}

}  // namespace

// ---------------------------------------------------------------- window attention
SwinWindowAttentionImpl::SwinWindowAttentionImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim,
                                                 int64_t heads_, int64_t headDim_, int64_t wh, int64_t ww, bool qkvBias)
    : heads(heads_), headDim(headDim_), ctx_(ctx) {
  scale = queryScale(headDim);
  relative_position_bias_table =
      register_parameter("relative_position_bias_table", torch::randn({(2 * wh - 1) * (2 * ww - 1), heads}) * 0.02);
  relativePositionIndex = relativeIndex(wh, ww);
  qkv = register_module("qkv", QLinear(ctx, joinPath(path, "qkv"), dim, heads * headDim * 3, qkvBias));
  sites.add(*ctx, path, static_cast<int>(heads));
  proj = register_module("proj", QLinear(ctx, joinPath(path, "proj"), heads * headDim, dim));
}

torch::Tensor SwinWindowAttentionImpl::relativePositionBias() const {
  const auto N = relativePositionIndex.size(0);
  return relative_position_bias_table.index_select(0, relativePositionIndex.reshape({-1})).view({N, N, heads}).permute({2, 0, 1});
}

torch::Tensor SwinWindowAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
  const auto B = x.size(0), nW = x.size(1), N = x.size(2);
  // [B, nW, N, 3, heads, d] → 3 × [B, nW, heads, N, d]
  auto qkvOut = qkv(x).reshape({B, nW, N, 3, heads, headDim}).permute({3, 0, 1, 4, 2, 5});
  auto bias = relativePositionBias();                          // [heads, N, N]
  if (mask.defined()) bias = bias.unsqueeze(0) + mask.unsqueeze(1);  // [nW, heads, N, N]
  auto out = attentionCore(*ctx_, sites, qkvOut[0], qkvOut[1], qkvOut[2], scale, bias);
  return proj(out.transpose(2, 3).reshape({B, nW, N, heads * headDim}));
}

// ---------------------------------------------------------------- block
SwinBlockImpl::SwinBlockImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, int64_t heads,
                             int64_t headDim, int64_t resH, int64_t resW, int64_t window, bool shifted, const SwinSpec& spec) {
  // timm: a side no larger than the window uses one window of that side and no shift.
  windowH = spec.alwaysPartition || resH > window ? window : resH;
  windowW = spec.alwaysPartition || resW > window ? window : resW;
  shiftH = shifted && (spec.alwaysPartition || resH > windowH) ? window / 2 : 0;
  shiftW = shifted && (spec.alwaysPartition || resW > windowW) ? window / 2 : 0;

  norm1 = register_module("norm1", QLayerNorm(ctx, joinPath(path, "norm1"), dim, spec.normEps));
  attn = register_module("attn", SwinWindowAttention(ctx, joinPath(path, "attn"), dim, heads, headDim, windowH, windowW, spec.qkvBias));
  norm2 = register_module("norm2", QLayerNorm(ctx, joinPath(path, "norm2"), dim, spec.normEps));
  mlp = register_module("mlp", Mlp(ctx, joinPath(path, "mlp"), dim, static_cast<int64_t>(dim * spec.mlpRatio), Activation::GELU));
  if (shiftH > 0 || shiftW > 0) attnMask = shiftMask(resH, resW, windowH, windowW, shiftH, shiftW);
}

torch::Tensor SwinBlockImpl::windowAttention(const torch::Tensor& x) {
  const auto H = x.size(1), W = x.size(2);
  const bool shifted = shiftH > 0 || shiftW > 0;
  auto y = shifted ? torch::roll(x, {-shiftH, -shiftW}, {1, 2}) : x;
  const int64_t padH = (windowH - H % windowH) % windowH, padW = (windowW - W % windowW) % windowW;
  if (padH > 0 || padW > 0) y = torch::constant_pad_nd(y, {0, 0, 0, padW, 0, padH});
  const auto Hp = y.size(1), Wp = y.size(2);
  auto windows = attn(partitionWindows(y, windowH, windowW), attnMask);
  y = reverseWindows(windows, windowH, windowW, Hp, Wp);
  if (padH > 0 || padW > 0) y = y.slice(1, 0, H).slice(2, 0, W);
  return shifted ? torch::roll(y, {shiftH, shiftW}, {1, 2}) : y;
}

torch::Tensor SwinBlockImpl::forward(const torch::Tensor& x) {
  auto y = x + windowAttention(norm1(x));
  return y + mlp(norm2(y));
}

// ---------------------------------------------------------------- patch merging
PatchMergingImpl::PatchMergingImpl(const SiteContextPtr& ctx, const std::string& path, int64_t dim, int64_t outDim, double eps) {
  norm = register_module("norm", QLayerNorm(ctx, joinPath(path, "norm"), 4 * dim, eps));
  reduction = register_module("reduction", QLinear(ctx, joinPath(path, "reduction"), 4 * dim, outDim, false));
}

torch::Tensor PatchMergingImpl::forward(const torch::Tensor& input) {
  auto x = input;
  if (x.size(1) % 2 != 0 || x.size(2) % 2 != 0) x = torch::constant_pad_nd(x, {0, 0, 0, x.size(2) % 2, 0, x.size(1) % 2});
  const auto B = x.size(0), H = x.size(1), W = x.size(2), C = x.size(3);
  // timm's order: the 2×2 neighbours are flattened as (w-offset, h-offset, C).
  x = x.reshape({B, H / 2, 2, W / 2, 2, C}).permute({0, 1, 3, 4, 2, 5}).flatten(3);
  return reduction(norm(x));
}

// ---------------------------------------------------------------- model
SwinTransformer::SwinTransformer(const SwinSpec& s) : VisionModel("swin"), spec(s) {
  const auto& ctx = siteContext();
  inputChannels = s.inChans;
  inputHeight = inputWidth = s.imgSize;

  patchEmbed = register_module("patch_embed", SwinPatchEmbed());
  ConvSpec conv;
  conv.in = s.inChans;
  conv.out = s.embedDims[0];
  conv.kernel = conv.stride = s.patchSize;
  patchEmbed->proj = patchEmbed->register_module("proj", QConv2d(ctx, "patch_embed.proj", conv));
  patchEmbed->norm = patchEmbed->register_module("norm", QLayerNorm(ctx, "patch_embed.norm", s.embedDims[0], s.normEps));

  layers = register_module("layers", torch::nn::ModuleList());
  int64_t res = s.imgSize / s.patchSize;
  int64_t inDim = s.embedDims[0];
  for (size_t i = 0; i < s.depths.size(); ++i) {
    const std::string stagePath = "layers." + std::to_string(i);
    auto stage = SwinStage();
    const int64_t dim = s.embedDims[i];
    if (i > 0) {
      stage->downsample = stage->register_module("downsample", PatchMerging(ctx, stagePath + ".downsample", inDim, dim, s.normEps));
      res = (res + 1) / 2;
    }
    stage->blocks = stage->register_module("blocks", torch::nn::ModuleList());
    const int64_t headDim = s.headDims.empty() ? dim / s.numHeads[i] : s.headDims[i];
    for (int64_t b = 0; b < s.depths[i]; ++b)
      stage->blocks->push_back(SwinBlock(ctx, stagePath + ".blocks." + std::to_string(b), dim, s.numHeads[i], headDim, res,
                                         res, s.windowSizes[i], b % 2 == 1, s));
    layers->push_back(stage);
    inDim = dim;
  }
  norm = register_module("norm", QLayerNorm(ctx, "norm", inDim, s.normEps));
  head = register_module("head", SwinHead());
  head->fc = head->register_module("fc", QLinear(ctx, "head.fc", inDim, s.numClasses));
  registerUnits();
}

void SwinTransformer::registerUnits() {
  auto proj = patchEmbed->proj.ptr();
  addUnit("patch_embed.proj", "layer", false, [proj](const torch::Tensor& x) { return proj->forward(x); });
  for (size_t i = 0; i < layers->size(); ++i) {
    auto stage = layers->ptr<SwinStageImpl>(i);
    const auto stagePath = "layers." + std::to_string(i);
    if (stage->downsample) {
      auto merge = stage->downsample.ptr();
      addUnit(stagePath + ".downsample", "patch_merging", true, [merge](const torch::Tensor& x) { return merge->forward(x); });
    }
    for (size_t b = 0; b < stage->blocks->size(); ++b) {
      auto block = stage->blocks->ptr<SwinBlockImpl>(b);
      addUnit(stagePath + ".blocks." + std::to_string(b), "swin_block", i > 0 || b > 0, [block](const torch::Tensor& x) { return block->forward(x); });
    }
  }
  auto fc = head->fc.ptr();
  addUnit("head.fc", "layer", false, [fc](const torch::Tensor& x) { return fc->forward(x); });
}

torch::Tensor SwinTransformer::forwardFeatures(const torch::Tensor& input) {
  size_t unit = 0;  // units run in registration order
  auto x = patchEmbed->norm(runUnit(unit++, input).permute({0, 2, 3, 1}));
  for (const auto& layer : *layers) {
    auto* stage = layer->as<SwinStageImpl>();
    if (stage->downsample) x = runUnit(unit++, x);
    for (size_t b = 0; b < stage->blocks->size(); ++b) x = runUnit(unit++, x);
  }
  return norm(x);
}

torch::Tensor SwinTransformer::forwardHead(const torch::Tensor& x) {
  torch::Tensor pooled;
  if (spec.globalPool == "max")
    pooled = std::get<0>(x.flatten(1, 2).max(1));
  else if (spec.globalPool == "avgmax")
    pooled = 0.5 * (x.mean({1, 2}) + std::get<0>(x.flatten(1, 2).max(1)));
  else
    pooled = x.mean({1, 2});
  return runUnit(units().size() - 1, pooled);  // head.fc
}

// ---------------------------------------------------------------- family entry
namespace {

struct SwinSize {
  const char* name;
  int64_t dim;
  std::vector<int64_t> depths, heads;
};
const SwinSize kSwinSizes[] = {
    {"tiny", 96, {2, 2, 6, 2}, {3, 6, 12, 24}},
    {"small", 96, {2, 2, 18, 2}, {3, 6, 12, 24}},
    {"base", 128, {2, 2, 18, 2}, {4, 8, 16, 32}},
    {"large", 192, {2, 2, 18, 2}, {6, 12, 24, 48}},
};

struct ParsedSwin {
  bool ok = false;
  const SwinSize* size = nullptr;
  int64_t patch = 4, window = 7, res = 224;
};

// swin_<size>_patch<P>_window<W>_<res>[_in22k]
ParsedSwin parseName(std::string name) {
  ParsedSwin p;
  name = name.substr(0, name.find('.'));
  auto parts = nameParts(name);
  if (!parts.empty() && parts.back() == "in22k") parts.pop_back();
  if (parts.size() != 5 || parts[0] != "swin") return p;
  for (const auto& s : kSwinSizes)
    if (parts[1] == s.name) p.size = &s;
  auto number = [](const std::string& s, const char* prefix, int64_t& out) {
    const auto value = s.rfind(prefix, 0) == 0 ? nameNumber(s.substr(std::strlen(prefix))) : std::nullopt;
    if (value) out = *value;
    return value.has_value();
  };
  p.ok = p.size && number(parts[2], "patch", p.patch) && number(parts[3], "window", p.window) && number(parts[4], "", p.res);
  return p;
}

bool matches(const std::string& name) { return parseName(name).ok; }

// timm's to_ntuple: a single value is repeated for every stage.
std::vector<int64_t> perStage(ModelArgs& args, const std::string& key, const std::vector<int64_t>& fallback, size_t stages) {
  auto v = args.getIntList(key, fallback);
  if (v.size() == 1 && stages > 1) v.assign(stages, v[0]);
  if (v.size() != stages) args.fail(key, "expected " + std::to_string(stages) + " values, one per stage");
  return v;
}

VisionModelPtr create(const ModelConfig& cfg, ModelArgs& args) {
  const auto p = parseName(cfg.architecture);
  SwinSpec s;
  s.numClasses = cfg.numClasses;
  s.imgSize = args.getInt("img_size", p.res);
  s.patchSize = args.getInt("patch_size", p.patch);
  s.inChans = args.getInt("in_chans", 3);
  s.depths = args.getIntList("depths", p.size->depths);
  const size_t stages = s.depths.size();
  if (stages < 1 || stages > 8) args.fail("depths", "expected 1 to 8 stages");
  s.numHeads = perStage(args, "num_heads", p.size->heads, stages);
  const auto embed = args.getIntList("embed_dim", {p.size->dim});
  if (embed.size() == 1) {
    s.embedDims.clear();
    for (size_t i = 0; i < stages; ++i) s.embedDims.push_back(embed[0] << i);
  } else if (embed.size() == stages) {
    s.embedDims = embed;
  } else {
    args.fail("embed_dim", "expected one value or one per stage");
  }
  s.windowSizes = perStage(args, "window_size", {p.window}, stages);
  if (args.has("head_dim")) s.headDims = perStage(args, "head_dim", {}, stages);
  s.mlpRatio = args.getDouble("mlp_ratio", 4.0);
  s.qkvBias = args.getBool("qkv_bias", true);
  s.alwaysPartition = args.getBool("always_partition", false);
  s.globalPool = args.getString("global_pool", "avg");

  if (s.globalPool != "avg" && s.globalPool != "max" && s.globalPool != "avgmax")
    args.fail("global_pool", "'" + s.globalPool + "' is not supported (avg, max, avgmax)");
  if (s.imgSize < 1 || s.patchSize < 1 || s.imgSize % s.patchSize != 0)
    args.fail("img_size", "img_size " + std::to_string(s.imgSize) + " is not a positive multiple of patch_size " + std::to_string(s.patchSize));
  if (s.inChans < 1 || s.inChans > 64) args.fail("in_chans", "expected 1..64");
  if (s.imgSize > 4096) args.fail("img_size", "model is unreasonably large");
  // Bounded so that dim × mlp_ratio cannot overflow the hidden width's integer (memory: zoo.cpp's budget).
  if (!(s.mlpRatio > 0 && s.mlpRatio <= 1e6)) args.fail("mlp_ratio", "expected a number in (0, 1e6]");
  for (size_t i = 0; i < stages; ++i) {
    if (s.depths[i] < 1 || s.depths[i] > 256) args.fail("depths", "each stage needs 1..256 blocks");
    if (s.windowSizes[i] < 1) args.fail("window_size", "must be positive");
    if (s.numHeads[i] < 1 || s.embedDims[i] < 1 || s.embedDims[i] > 16384) args.fail("num_heads", "heads and dims must be positive");
    if (s.headDims.empty() && s.embedDims[i] % s.numHeads[i] != 0)
      args.fail("num_heads", "embed_dim " + std::to_string(s.embedDims[i]) + " of stage " + std::to_string(i) +
                                 " is not a multiple of its " + std::to_string(s.numHeads[i]) + " heads");
  }
  return std::make_shared<SwinTransformer>(s);
}

PretrainedCfg defaults(const std::string& name) {
  const auto p = parseName(name);
  PretrainedCfg c;
  c.inputSize = {3, p.res, p.res};
  c.cropPct = p.res > 224 ? 1.0 : 0.9;
  c.interpolation = "bicubic";
  return c;
}

}  // namespace

const ModelFamily& swinFamily() {
  static const ModelFamily family{"swin", &matches, &create, &defaults,
                                  "swin_{tiny,small,base,large}_patch4_window{7,12}_{224,384}"};
  return family;
}

}  // namespace vq
