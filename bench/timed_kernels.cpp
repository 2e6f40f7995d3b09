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

}  // namespace vq
