#include "bench/timed_kernels.h"

namespace vq {

torch::Tensor TimedKernels::linear(const torch::Tensor& x, const IntLinear& layer) const {
  return timed("matmul", [&] { return inner_.linear(x, layer); });
}
torch::Tensor TimedKernels::requantize(const torch::Tensor& acc, const Dyadic& d, int bits) const {
  return timed("requant", [&] { return inner_.requantize(acc, d, bits); });
}
torch::Tensor TimedKernels::addRequantized(const torch::Tensor& a, const Dyadic& da, const torch::Tensor& b, const Dyadic& db, int bits) const {
  return timed("requant", [&] { return inner_.addRequantized(a, da, b, db, bits); });
}
torch::Tensor TimedKernels::layerNorm(const torch::Tensor& x, const Dyadic& gain, const torch::Tensor& offset, int bits) const {
  return timed("layernorm", [&] { return inner_.layerNorm(x, gain, offset, bits); });
}
torch::Tensor TimedKernels::attentionLogits(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& bias) const {
  return timed("matmul", [&] { return inner_.attentionLogits(q, k, bias); });
}
torch::Tensor TimedKernels::shiftmax(const torch::Tensor& logits, const Dyadic& toLog2) const {
  return timed("softmax", [&] { return inner_.shiftmax(logits, toLog2); });
}
torch::Tensor TimedKernels::attentionContext(const torch::Tensor& probs, const torch::Tensor& v) const {
  return timed("matmul", [&] { return inner_.attentionContext(probs, v); });
}
torch::Tensor TimedKernels::gelu(const torch::Tensor& x, const Dyadic& toLog2, const Dyadic& out) const {
  return timed("gelu", [&] { return inner_.gelu(x, toLog2, out); });
}

// The fused steps keep their fusion (that is what is being timed): a Linear with its epilogue counts as
// matmul, the whole attention core (q·kᵀ, Shiftmax, ·v, the context's requantisation) as attention.
torch::Tensor TimedKernels::attentionInputs(const torch::Tensor& x, const IntLinear& qkv, const Dyadic& dq, const Dyadic& dk, const Dyadic& dv,
                                            int64_t heads) const {
  return timed("matmul", [&] { return inner_.attentionInputs(x, qkv, dq, dk, dv, heads); });
}
torch::Tensor TimedKernels::attentionCore(const torch::Tensor& qkv, const torch::Tensor& bias, const Dyadic& toLog2, const Dyadic& context) const {
  return timed("attention", [&] { return inner_.attentionCore(qkv, bias, toLog2, context); });
}
torch::Tensor TimedKernels::linearGelu(const torch::Tensor& x, const IntLinear& layer, const Dyadic& in, const Dyadic& toLog2,
                                       const Dyadic& out) const {
  return timed("matmul", [&] { return inner_.linearGelu(x, layer, in, toLog2, out); });
}
torch::Tensor TimedKernels::linearAddRequantized(const torch::Tensor& x, const IntLinear& layer, const Dyadic& dLayer,
                                                 const torch::Tensor& identity, const Dyadic& dIdentity, int bits) const {
  return timed("matmul", [&] { return inner_.linearAddRequantized(x, layer, dLayer, identity, dIdentity, bits); });
}

}  // namespace vq
