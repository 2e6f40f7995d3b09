// The fused steps of IntKernels as plain sequences of its kernels: what the reference engine runs, and
// the definition the fast engine's fused versions must reproduce bit for bit.
#include "core/integer/int_layers.h"
#include "core/integer/kernels.h"

#include <torch/torch.h>

namespace vq {

torch::Tensor IntKernels::attentionInputs(const torch::Tensor& x, const IntLinear& qkv, const Dyadic& dq, const Dyadic& dk,
                                          const Dyadic& dv, int64_t heads) const {
  const auto acc = linear(x, qkv);
  const auto B = x.size(0), N = x.size(1), C = acc.size(-1) / 3;
  const auto split = [&](int64_t i, const Dyadic& d) {
    return requantize(acc.narrow(-1, i * C, C), d, 8).reshape({B, N, heads, C / heads}).permute({0, 2, 1, 3});
  };
  return torch::stack({split(0, dq), split(1, dk), split(2, dv)});
}

torch::Tensor IntKernels::attentionCore(const torch::Tensor& qkv, const torch::Tensor& bias, const Dyadic& toLog2,
                                        const Dyadic& context) const {
  const auto probs = shiftmax(attentionLogits(qkv[0], qkv[1], bias), toLog2);  // 2^-8 steps
  const auto acc = attentionContext(probs, qkv[2]);                              // [B, h, N, d]
  const auto B = acc.size(0), N = acc.size(2);
  return requantize(acc.permute({0, 2, 1, 3}).reshape({B, N, -1}), context, 8);
}

torch::Tensor IntKernels::linearGelu(const torch::Tensor& x, const IntLinear& layer, const Dyadic& in, const Dyadic& toLog2,
                                     const Dyadic& out) const {
  return gelu(requantize(linear(x, layer), in, 8), toLog2, out);
}

torch::Tensor IntKernels::linearAddRequantized(const torch::Tensor& x, const IntLinear& layer, const Dyadic& dLayer,
                                               const torch::Tensor& identity, const Dyadic& dIdentity, int bits) const {
  return addRequantized(linear(x, layer), dLayer, identity, dIdentity, bits);
}

}  // namespace vq
