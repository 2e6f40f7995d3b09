// The reference engine: every kernel is an int64 tensor expression from int_ops.h, cast to the contract's
// output type at the end.
#include "core/integer/int_layers.h"
#include "core/integer/int_ops.h"
#include "core/integer/kernels.h"
#include "core/util/error.h"

#include <torch/torch.h>

namespace vq {
namespace {

torch::Tensor wide(const torch::Tensor& t) { return t.to(torch::kInt64); }

class ReferenceKernels : public IntKernels {
public:
  const char* name() const override { return "reference"; }

  torch::Tensor linear(const torch::Tensor& x, const IntLinear& l) const override {
    // int8 · int8 summed over fewer than 2^17 inputs fits int32 (checked when the model is built).
    return torch::matmul(x.to(torch::kInt32), l.weight.to(torch::kInt32).t()) + l.bias;
  }

  torch::Tensor requantize(const torch::Tensor& acc, const Dyadic& d, int bits) const override {
    return clampSigned(applyDyadic(wide(acc), d), bits).to(intTypeFor(bits));
  }

  torch::Tensor addRequantized(const torch::Tensor& a, const Dyadic& da, const torch::Tensor& b, const Dyadic& db,
                               int bits) const override {
    return clampSigned(applyDyadic(wide(a), da) + applyDyadic(wide(b), db), bits).to(intTypeFor(bits));
  }

  torch::Tensor layerNorm(const torch::Tensor& x, const Dyadic& gain, const torch::Tensor& offset, int bits) const override {
    return clampSigned(roundShift(intops::normalizeRows(x) * gain.m + offset, gain.shift), bits).to(intTypeFor(bits));
  }

  torch::Tensor attentionLogits(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& bias) const override {
    auto logits = torch::matmul(q.to(torch::kInt32), k.to(torch::kInt32).transpose(-2, -1));  // [B, h, N, N]
    if (!bias.defined()) return logits;
    const auto B = logits.size(0), h = logits.size(1), N = logits.size(2), W = bias.size(0);
    return (logits.reshape({B / W, W, h, N, N}) + bias).reshape({B, h, N, N}).to(torch::kInt32);
  }

  torch::Tensor shiftmax(const torch::Tensor& logits, const Dyadic& toLog2) const override {
    return intops::shiftmax(wide(logits), toLog2).to(torch::kUInt8);
  }

  torch::Tensor attentionContext(const torch::Tensor& probs, const torch::Tensor& v) const override {
    return torch::matmul(probs.to(torch::kInt32), v.to(torch::kInt32));
  }

  torch::Tensor gelu(const torch::Tensor& x, const Dyadic& toLog2, const Dyadic& out) const override {
    return clampSigned(applyDyadic(intops::shiftGelu(wide(x), toLog2), out), 8).to(torch::kInt8);
  }
};

}  // namespace

torch::ScalarType intTypeFor(int bits) { return bits <= 8 ? torch::kInt8 : torch::kInt16; }

const IntKernels& referenceKernels() {
  static const ReferenceKernels kernels;
  return kernels;
}

const IntKernels& kernelsByName(const std::string& name) {
  if (name == "reference") return referenceKernels();
  if (name == "fast") return fastKernels();
  usageError("unknown integer engine '" + name + "' (reference, fast)");
}

}  // namespace vq
