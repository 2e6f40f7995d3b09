#include "core/integer/int_vit.h"

#include "core/integer/int_ops.h"
#include "core/model/vit.h"
#include "core/util/error.h"

#include <torch/torch.h>

namespace vq {
namespace {

torch::Tensor foldLayerScale(const torch::Tensor& weight, const LayerScale& ls) {
  return ls ? weight.detach() * ls->gamma.detach().unsqueeze(1) : weight;
}
torch::Tensor foldLayerScaleBias(const torch::Tensor& bias, const LayerScale& ls) {
  return ls && bias.defined() ? bias.detach() * ls->gamma.detach() : bias;
}

double fitStep16(const torch::Tensor& values) {
  return std::max(values.abs().max().item<double>(), 1e-8) / 32767.0;
}

}  // namespace

IntegerVit::IntegerVit(VisionTransformer& fp, int weightBits) : IntegerModel("vit") {
  const auto& s = fp.spec;
  inputChannels = fp.inputChannels;
  inputHeight = fp.inputHeight;
  inputWidth = fp.inputWidth;
  patchEmbed_.patch = s.patchSize;
  prefixTokens_ = fp.numPrefixTokens;
  distilled_ = s.distilled;
  noEmbedClass_ = s.noEmbedClass;
  fcNorm_ = s.fcNorm;
  pool_ = s.globalPool;
  torch::NoGradGuard noGrad;
  if (s.embedDim * 4 * s.mlpRatio >= (1 << 17) || s.inChans * s.patchSize * s.patchSize >= (1 << 17))
    inputError("ivit", "layers this wide overflow 32-bit accumulators");

  patchEmbed_.proj = IntLinear::fromFloat(fp.patchEmbed->proj->weight, fp.patchEmbed->proj->bias);
  std::vector<torch::Tensor> prefix;
  if (fp.clsToken.defined()) prefix.push_back(fp.clsToken.detach()[0]);
  if (fp.distToken.defined()) prefix.push_back(fp.distToken.detach()[0]);
  if (fp.regToken.defined()) prefix.push_back(fp.regToken.detach()[0]);
  floatPrefix_ = prefix.empty() ? torch::zeros({0, s.embedDim}, torch::kFloat64) : torch::cat(prefix, 0).to(torch::kFloat64);
  floatPos_ = fp.posEmbed.detach()[0].to(torch::kFloat64);
  hasNormPre_ = static_cast<bool>(fp.normPre);
  if (hasNormPre_) normPre_ = IntLayerNorm::fromFloat(fp.normPre->weight, fp.normPre->bias, 16);
  const auto& finalNorm = fcNorm_ ? fp.fcNormLayer : fp.norm;
  norm_ = IntLayerNorm::fromFloat(finalNorm->weight, finalNorm->bias, 8);

  for (size_t i = 0; i < fp.blocks->size(); ++i) {
    auto& fb = *fp.blocks->ptr<BlockImpl>(i);
    IntTransformerBlock b;
    b.norm1 = IntLayerNorm::fromFloat(fb.norm1->weight, fb.norm1->bias, 8);
    b.norm2 = IntLayerNorm::fromFloat(fb.norm2->weight, fb.norm2->bias, 8);
    b.attn.heads = fb.attn->heads;
    b.attn.logitScale = fb.attn->scale;
    b.attn.qkv = IntLinear::fromFloat(fb.attn->qkv->weight, fb.attn->qkv->bias, weightBits);
    b.attn.proj = IntLinear::fromFloat(foldLayerScale(fb.attn->proj->weight, fb.ls1), foldLayerScaleBias(fb.attn->proj->bias, fb.ls1), weightBits);
    b.mlp.fc1 = IntLinear::fromFloat(fb.mlp->fc1->weight, fb.mlp->fc1->bias, weightBits);
    b.mlp.fc2 = IntLinear::fromFloat(foldLayerScale(fb.mlp->fc2->weight, fb.ls2), foldLayerScaleBias(fb.mlp->fc2->bias, fb.ls2), weightBits);
    blocks_.push_back(std::move(b));
  }
  head_ = IntLinear::fromFloat(fp.head->weight, fp.head->bias);
  if (distilled_) headDist_ = IntLinear::fromFloat(fp.headDist->weight, fp.headDist->bias);
}

torch::Tensor IntegerVit::tokens(const IntContext& ctx, const torch::Tensor& images) {
  const auto grid = patchEmbed_.forward(ctx, images);  // [B, gh, gw, D]
  const auto B = grid.size(0), tokens = grid.size(1) * grid.size(2);
  const auto acc = grid.reshape({B, tokens, grid.size(3)});
  const auto& steps = patchEmbed_.proj.accSteps();
  const auto P = floatPrefix_.defined() ? floatPrefix_.size(0) : prefixTokens_;
  if (ctx.calibrating) {
    // Prefix tokens and the position embedding are constants: fold them into one integer offset per row.
    const auto D = acc.size(2);
    auto offset = torch::cat({floatPrefix_, torch::zeros({tokens, D}, torch::kFloat64)}, 0);
    if (noEmbedClass_)
      offset.narrow(0, P, tokens).add_(floatPos_);
    else
      offset.add_(floatPos_);
    const auto real = torch::cat({torch::zeros({B, P, D}, torch::kFloat64), acc.to(torch::kFloat64) * steps}, 1) + offset;
    patchOut_.scale = fitStep16(real);
    patchOut_.d = Dyadic::of(steps / patchOut_.scale, "patch_embed.out");
    tokenOffset_ = torch::round(offset / patchOut_.scale).to(torch::kInt64);
  }
  const auto patchPart = applyDyadic(acc, patchOut_.d);
  auto x = clampSigned(torch::cat({torch::zeros({B, P, patchPart.size(2)}, torch::kInt64), patchPart}, 1) + tokenOffset_, 16).to(torch::kInt16);
  if (hasNormPre_) x = normPre_.forward(ctx, x, "norm_pre");
  return x;
}

torch::Tensor IntegerVit::blocksForward(const IntContext& ctx, const torch::Tensor& input) {
  auto x = input;
  double step = hasNormPre_ ? normPre_.out.scale : patchOut_.scale;
  for (size_t i = 0; i < blocks_.size(); ++i) {
    auto& b = blocks_[i];
    const auto name = "blocks." + std::to_string(i);
    x = b.forward(ctx, x, step, name, [&](const torch::Tensor& h) { return b.attn.forward(ctx, h, b.norm1.out.scale, name + ".attn"); });
    step = b.step();
  }
  return x;
}


torch::Tensor IntegerVit::features(const IntContext& ctx, const torch::Tensor& x) {
  return fcNorm_ ? x : norm_.forward(ctx, x, "norm");  // with fc_norm, timm's final norm is the identity
}

double IntegerVit::featureStep() const {
  if (!fcNorm_) return norm_.out.scale;
  if (!blocks_.empty()) return blocks_.back().step();
  return hasNormPre_ ? normPre_.out.scale : patchOut_.scale;
}

torch::Tensor IntegerVit::headLogits(const IntContext& ctx, const torch::Tensor& f) {
  const auto logits = [&](IntLinear& head, const torch::Tensor& in, const char* name) {
    const auto acc = head.forward(ctx, in, norm_.out.scale, name);
    return (acc.to(torch::kFloat64) * head.accSteps()).to(torch::kFloat32);  // the final de-quantisation
  };
  if (distilled_) return (logits(head_, f.select(1, 0), "head") + logits(headDist_, f.select(1, 1), "head_dist")) / 2;
  if (pool_ == "token") return logits(head_, f.select(1, 0), "head");
  const auto pooled = poolTokens(f.narrow(1, prefixTokens_, f.size(1) - prefixTokens_), pool_);
  return logits(head_, fcNorm_ ? norm_.forward(ctx, pooled, "fc_norm") : pooled, "head");
}

torch::Tensor IntegerVit::run(const IntContext& ctx, const torch::Tensor& images) {
  return headLogits(ctx, features(ctx, blocksForward(ctx, tokens(ctx, images))));
}

void IntegerVit::calibrate(const torch::Tensor& images) {
  c10::InferenceMode inference;
  IntContext ctx;
  ctx.calibrating = true;
  run(ctx, images);
  calibrated_ = true;
}

torch::Tensor IntegerVit::forward(const torch::Tensor& images) {
  if (!calibrated_) throw std::logic_error("IntegerVit::forward before calibrate()");
  return run(inferenceContext(), images);
}

torch::Tensor IntegerVit::forwardFeatures(const torch::Tensor& images) {
  const auto ctx = inferenceContext();
  return features(ctx, blocksForward(ctx, tokens(ctx, images))).to(torch::kFloat64).mul(featureStep()).to(torch::kFloat32);
}

torch::Tensor IntegerVit::forwardHead(const torch::Tensor& features) {
  // The features are de-quantised integers: dividing by the same step gives the integers back exactly.
  const auto type = intTypeFor(fcNorm_ ? 16 : 8);
  return headLogits(inferenceContext(), torch::round(features.to(torch::kFloat64) / featureStep()).to(type));
}

void IntegerVit::visit(IntVisitor& v) {
  patchEmbed_.visit(v);
  patchOut_.visit(v, "patch_embed.out");
  v.tensor("token_offset", tokenOffset_, torch::kInt64);
  if (hasNormPre_) normPre_.visit(v, "norm_pre");
  for (size_t i = 0; i < blocks_.size(); ++i) blocks_[i].visit(v, "blocks." + std::to_string(i));
  norm_.visit(v, fcNorm_ ? "fc_norm" : "norm");
  head_.visit(v, "head");
  if (distilled_) headDist_.visit(v, "head_dist");
}

}  // namespace vq
