#include "core/integer/int_swin.h"

#include "core/integer/int_ops.h"
#include "core/model/swin.h"
#include "core/util/error.h"

#include <torch/torch.h>

namespace vq {
namespace {

// [B, H, W, C] → [B·nW, wh·ww, C] and back (the float model's window order).
torch::Tensor partition(const torch::Tensor& x, int64_t wh, int64_t ww) {
  const auto B = x.size(0), H = x.size(1), W = x.size(2), C = x.size(3);
  return x.reshape({B, H / wh, wh, W / ww, ww, C}).permute({0, 1, 3, 2, 4, 5}).reshape({B * (H / wh) * (W / ww), wh * ww, C});
}
torch::Tensor unpartition(const torch::Tensor& windows, int64_t B, int64_t wh, int64_t ww, int64_t H, int64_t W) {
  const auto C = windows.size(2);
  return windows.reshape({B, H / wh, W / ww, wh, ww, C}).permute({0, 1, 3, 2, 4, 5}).reshape({B, H, W, C});
}


}  // namespace

IntegerSwin::IntegerSwin(SwinTransformer& fp, int weightBits) : IntegerModel("swin") {
  const auto& s = fp.spec;
  inputChannels = fp.inputChannels;
  inputHeight = fp.inputHeight;
  inputWidth = fp.inputWidth;
  patchEmbed_.patch = s.patchSize;
  pool_ = s.globalPool;
  torch::NoGradGuard noGrad;
  for (size_t i = 0; i < s.embedDims.size(); ++i)
    if (s.embedDims[i] * 4 * s.mlpRatio >= (1 << 17)) inputError("ivit", "layers this wide overflow 32-bit accumulators");

  patchEmbed_.proj = IntLinear::fromFloat(fp.patchEmbed->proj->weight, fp.patchEmbed->proj->bias);
  patchNorm_ = IntLayerNorm::fromFloat(fp.patchEmbed->norm->weight, fp.patchEmbed->norm->bias, 16);
  for (const auto& layer : *fp.layers) {
    auto* fs = layer->as<SwinStageImpl>();
    IntSwinStage stage;
    if (fs->downsample) {
      stage.hasMerge = true;
      stage.merge.norm = IntLayerNorm::fromFloat(fs->downsample->norm->weight, fs->downsample->norm->bias, 8);
      stage.merge.reduction = IntLinear::fromFloat(fs->downsample->reduction->weight, fs->downsample->reduction->bias, weightBits);
    }
    for (size_t b = 0; b < fs->blocks->size(); ++b) {
      auto& fb = *fs->blocks->ptr<SwinBlockImpl>(b);
      IntSwinBlock ib;
      ib.windowH = fb.windowH;
      ib.windowW = fb.windowW;
      ib.shiftH = fb.shiftH;
      ib.shiftW = fb.shiftW;
      auto& body = ib.body;
      body.norm1 = IntLayerNorm::fromFloat(fb.norm1->weight, fb.norm1->bias, 8);
      body.norm2 = IntLayerNorm::fromFloat(fb.norm2->weight, fb.norm2->bias, 8);
      body.attn.heads = fb.attn->heads;
      body.attn.logitScale = fb.attn->scale;
      body.attn.qkv = IntLinear::fromFloat(fb.attn->qkv->weight, fb.attn->qkv->bias, weightBits);
      body.attn.proj = IntLinear::fromFloat(fb.attn->proj->weight, fb.attn->proj->bias, weightBits);
      auto bias = fb.attn->relativePositionBias().detach().to(torch::kFloat64).unsqueeze(0);  // [1, heads, N, N]
      if (fb.attnMask.defined()) bias = bias + fb.attnMask.to(torch::kFloat64).unsqueeze(1);  // [nW, heads, N, N]
      body.attn.floatBias = bias;
      body.mlp.fc1 = IntLinear::fromFloat(fb.mlp->fc1->weight, fb.mlp->fc1->bias, weightBits);
      body.mlp.fc2 = IntLinear::fromFloat(fb.mlp->fc2->weight, fb.mlp->fc2->bias, weightBits);
      stage.blocks.push_back(std::move(ib));
    }
    stages_.push_back(std::move(stage));
  }
  norm_ = IntLayerNorm::fromFloat(fp.norm->weight, fp.norm->bias, 8);
  head_ = IntLinear::fromFloat(fp.head->fc->weight, fp.head->fc->bias);
}

torch::Tensor IntegerSwin::windowAttention(const IntContext& ctx, IntSwinBlock& b, const torch::Tensor& normed, const std::string& name) {
  const auto B = normed.size(0), H = normed.size(1), W = normed.size(2);
  const bool shifted = b.shiftH > 0 || b.shiftW > 0;
  auto y = shifted ? torch::roll(normed, {-b.shiftH, -b.shiftW}, {1, 2}) : normed;
  const int64_t padH = (b.windowH - H % b.windowH) % b.windowH, padW = (b.windowW - W % b.windowW) % b.windowW;
  if (padH > 0 || padW > 0) y = torch::constant_pad_nd(y, {0, 0, 0, padW, 0, padH});  // int zero = float zero
  const auto Hp = y.size(1), Wp = y.size(2);
  const auto context = b.body.attn.forward(ctx, partition(y, b.windowH, b.windowW), b.body.norm1.out.scale, name + ".attn");
  auto back = unpartition(context, B, b.windowH, b.windowW, Hp, Wp);
  if (padH > 0 || padW > 0) back = back.slice(1, 0, H).slice(2, 0, W);
  return shifted ? torch::roll(back, {b.shiftH, b.shiftW}, {1, 2}) : back;
}

torch::Tensor IntegerSwin::features(const IntContext& ctx, const torch::Tensor& images) {
  const auto acc = patchEmbed_.forward(ctx, images);  // [B, gh, gw, D]
  auto x = patchNorm_.forward(ctx, patchOut_.apply(ctx, acc, patchEmbed_.proj.accSteps(), "patch_embed.out"), "patch_embed.norm");
  double step = patchNorm_.out.scale;
  for (size_t i = 0; i < stages_.size(); ++i) {
    auto& stage = stages_[i];
    const auto stageName = "layers." + std::to_string(i);
    if (stage.hasMerge) {
      auto m = x;
      if (m.size(1) % 2 != 0 || m.size(2) % 2 != 0) m = torch::constant_pad_nd(m, {0, 0, 0, m.size(2) % 2, 0, m.size(1) % 2});
      const auto Bm = m.size(0), H = m.size(1), W = m.size(2), Cm = m.size(3);
      m = m.reshape({Bm, H / 2, 2, W / 2, 2, Cm}).permute({0, 1, 3, 4, 2, 5}).flatten(3);
      auto& mg = stage.merge;
      const auto normed = mg.norm.forward(ctx, m, stageName + ".downsample.norm");
      const auto r = mg.reduction.forward(ctx, normed, mg.norm.out.scale, stageName + ".downsample.reduction");
      x = mg.out.apply(ctx, r, mg.reduction.accSteps(), stageName + ".downsample.out");
      step = mg.out.scale;
    }
    for (size_t j = 0; j < stage.blocks.size(); ++j) {
      auto& b = stage.blocks[j];
      const auto name = stageName + ".blocks." + std::to_string(j);
      x = b.body.forward(ctx, x, step, name, [&](const torch::Tensor& h) { return windowAttention(ctx, b, h, name); });
      step = b.body.step();
    }
  }
  return norm_.forward(ctx, x, "norm");
}

torch::Tensor IntegerSwin::headLogits(const IntContext& ctx, const torch::Tensor& f) {
  const auto acc = head_.forward(ctx, poolTokens(f.flatten(1, 2), pool_), norm_.out.scale, "head.fc");
  return (acc.to(torch::kFloat64) * head_.accSteps()).to(torch::kFloat32);  // the final de-quantisation
}

void IntegerSwin::calibrate(const torch::Tensor& images) {
  c10::InferenceMode inference;
  IntContext ctx;
  ctx.calibrating = true;
  headLogits(ctx, features(ctx, images));
  calibrated_ = true;
}

torch::Tensor IntegerSwin::forward(const torch::Tensor& images) {
  if (!calibrated_) throw std::logic_error("IntegerSwin::forward before calibrate()");
  const auto ctx = inferenceContext();
  return headLogits(ctx, features(ctx, images));
}

torch::Tensor IntegerSwin::forwardFeatures(const torch::Tensor& images) {
  return features(inferenceContext(), images).to(torch::kFloat64).mul(norm_.out.scale).to(torch::kFloat32);
}

torch::Tensor IntegerSwin::forwardHead(const torch::Tensor& features) {
  // The features are de-quantised integers: dividing by the same step gives the integers back exactly.
  return headLogits(inferenceContext(), torch::round(features.to(torch::kFloat64) / norm_.out.scale).to(torch::kInt8));
}

void IntegerSwin::visit(IntVisitor& v) {
  patchEmbed_.visit(v);
  patchOut_.visit(v, "patch_embed.out");
  patchNorm_.visit(v, "patch_embed.norm");
  for (size_t i = 0; i < stages_.size(); ++i) {
    auto& stage = stages_[i];
    const auto stageName = "layers." + std::to_string(i);
    if (stage.hasMerge) {
      stage.merge.norm.visit(v, stageName + ".downsample.norm");
      stage.merge.reduction.visit(v, stageName + ".downsample.reduction");
      stage.merge.out.visit(v, stageName + ".downsample.out");
    }
    for (size_t j = 0; j < stage.blocks.size(); ++j) stage.blocks[j].body.visit(v, stageName + ".blocks." + std::to_string(j));
  }
  norm_.visit(v, "norm");
  head_.visit(v, "head.fc");
}

}  // namespace vq
