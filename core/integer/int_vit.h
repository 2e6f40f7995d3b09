#pragma once
// An integer-only ViT/DeiT (I-ViT, docs/design/methods.md §4.7): from the input quantizer to the logits' final
// de-quantisation every operation is integer — int8 matmuls with int32 accumulators, dyadic
// requantisation, I-LayerNorm, Shiftmax, ShiftGELU and 16-bit residual adds.
#include "core/integer/integer_model.h"

#include <vector>

namespace vq {

class VisionTransformer;

class IntegerVit : public IntegerModel {
public:
  // Quantizes the weights of a float ViT (LayerScale folded into proj/fc2): the blocks' Linear layers to
  // `weightBits`, the patch embedding and the head(s) to 8 bits; activations need calibrate().
  explicit IntegerVit(VisionTransformer& fp, int weightBits = 8);

  void calibrate(const torch::Tensor& images) override;

  torch::Tensor forward(const torch::Tensor& images) override;
  // The final norm's int8 output de-quantised (timm's forward_features), and the head on such features;
  // forward() does not go through float between them.
  torch::Tensor forwardFeatures(const torch::Tensor& images) override;
  torch::Tensor forwardHead(const torch::Tensor& features) override;

  void visit(IntVisitor& v) override;

private:
  torch::Tensor tokens(const IntContext& ctx, const torch::Tensor& images);  // int16 stream after the stem
  torch::Tensor blocksForward(const IntContext& ctx, const torch::Tensor& x);
  torch::Tensor features(const IntContext& ctx, const torch::Tensor& x);  // the final norm (unless fc_norm)
  double featureStep() const;
  torch::Tensor headLogits(const IntContext& ctx, const torch::Tensor& features);  // pool, fc_norm, head(s)
  torch::Tensor run(const IntContext& ctx, const torch::Tensor& images);

  int64_t prefixTokens_ = 1;
  bool distilled_ = false, noEmbedClass_ = false, fcNorm_ = false;
  std::string pool_ = "token";
  IntPatchEmbed patchEmbed_;
  RequantPoint patchOut_{16};              // patch accumulators → the first residual step
  torch::Tensor floatPrefix_, floatPos_;   // cls/dist/reg tokens [P, D] and pos embed [L, D]; float64, not stored
  torch::Tensor tokenOffset_;              // int64 [N + P, D]: tokens and position embedding in the first step
  bool hasNormPre_ = false;
  IntLayerNorm normPre_, norm_;            // norm_: the final norm, or fc_norm after pooling
  std::vector<IntTransformerBlock> blocks_;
  IntLinear head_, headDist_;
};

}  // namespace vq
