#pragma once
// An integer-only Swin Transformer (I-ViT's swin_quant, docs/design/methods.md §4): the ViT pieces in shifted windows,
// with the relative position bias and shift mask added to the integer logits, and patch merging as
// I-LayerNorm → int8 reduction → a new 16-bit residual step.
#include "core/integer/integer_model.h"

#include <vector>

namespace vq {

class SwinTransformer;

struct IntSwinBlock {
  IntTransformerBlock body;
  int64_t windowH = 7, windowW = 7, shiftH = 0, shiftW = 0;
};

struct IntPatchMerging {
  IntLayerNorm norm;
  IntLinear reduction;
  RequantPoint out{16};
};

struct IntSwinStage {
  bool hasMerge = false;
  IntPatchMerging merge;
  std::vector<IntSwinBlock> blocks;
};

class IntegerSwin : public IntegerModel {
public:
  // The stages' Linear layers (blocks and patch merging) at `weightBits`, the patch embedding and head at 8.
  explicit IntegerSwin(SwinTransformer& fp, int weightBits = 8);

  void calibrate(const torch::Tensor& images) override;
  torch::Tensor forward(const torch::Tensor& images) override;
  torch::Tensor forwardFeatures(const torch::Tensor& images) override;  // the final norm's output, de-quantised (NHWC)
  torch::Tensor forwardHead(const torch::Tensor& features) override;
  void visit(IntVisitor& v) override;

private:
  torch::Tensor features(const IntContext& ctx, const torch::Tensor& images);  // int8 NHWC after the final norm
  torch::Tensor headLogits(const IntContext& ctx, const torch::Tensor& features);
  torch::Tensor windowAttention(const IntContext& ctx, IntSwinBlock& b, const torch::Tensor& normed, const std::string& name);

  std::string pool_ = "avg";
  IntPatchEmbed patchEmbed_;
  RequantPoint patchOut_{16};
  IntLayerNorm patchNorm_, norm_;
  std::vector<IntSwinStage> stages_;
  IntLinear head_;
};

}  // namespace vq
