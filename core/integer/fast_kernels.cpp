// The fast engine: the reference engine's integers, computed with packed GEMMs and fused element-wise
// loops on raw buffers, parallel over rows through LibTorch's thread pool. Element-wise loops are compiled
// twice (AVX2 and baseline x86-64) and chosen at load time; the GEMMs (Linear layers, q·kᵀ, probabilities·v)
// run the micro-kernels of activeIsa(). Every formula mirrors int_ops.cpp step for step, so the two engines
// agree bit for bit.
#include "core/integer/fused_fast.h"
#include "core/integer/gemm.h"
#include "core/integer/int_layers.h"
#include "core/integer/int_ops.h"
#include "core/integer/isa.h"
#include "core/integer/kernels.h"
#include "core/integer/layernorm_rows.h"
#include "core/integer/requant_rows.h"
#include "core/integer/softmax_rows.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#define VQ_SIMD_CLONES __attribute__((target_clones("avx2", "default")))

namespace vq {
namespace {

inline int64_t largest(int bits) { return (int64_t{1} << (bits - 1)) - 1; }

// Rows of the last dimension, split over threads.
template <typename F>
void forRows(int64_t rows, int64_t rowCost, const F& f) {
  const int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(rowCost, 1));
  at::parallel_for(0, rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) f(r);
  });
}

bool simdRows() { return activeIsa() != Isa::Portable; }

template <typename Out>
torch::Tensor requantizeTo(const torch::Tensor& acc, const Dyadic& d, int bits) {
  const auto in = acc.contiguous();
  const int64_t C = in.size(-1), rows = in.numel() / std::max<int64_t>(C, 1);
  auto out = torch::empty(in.sizes(), c10::CppTypeToScalarType<Out>::value);
  const auto m = fused::columnMultipliers(d, C);
  const auto q = static_cast<int32_t>(largest(bits));
  const bool simd = simdRows();
  const int32_t* src = in.data_ptr<int32_t>();
  Out* dst = out.template data_ptr<Out>();
  forRows(rows, C, [&](int64_t r) { rows::requantize(src + r * C, m.data(), d.shift, q, dst + r * C, C, simd); });
  return out;
}

// logits += bias (int32 sums: a bias is clamped to ±2^30 and the dot products are far below 2^30).
VQ_SIMD_CLONES void addBias(int32_t* logits, const int64_t* bias, int64_t n) {
  for (int64_t i = 0; i < n; ++i) logits[i] = static_cast<int32_t>(logits[i] + bias[i]);
}

// ShiftGELU (with its output requantisation) of an int8 depends on the value alone: the reference's answer
// for all 256 inputs, indexed by x + 128.
torch::Tensor geluTable(const Dyadic& toLog2, const Dyadic& out) {
  const auto all = torch::arange(-128, 128, torch::kInt64);
  return referenceKernels().gelu(all.to(torch::kInt8), toLog2, out).contiguous();
}

class FastKernels : public IntKernels {
public:
  const char* name() const override { return "fast"; }

  torch::Tensor linear(const torch::Tensor& x, const IntLinear& l) const override {
    auto sizes = x.sizes().vec();
    const int64_t K = sizes.back();
    const auto rows = x.reshape({-1, K}).contiguous();
    auto out = gemmInt8(rows, l.packedWeight(), l.bias);
    sizes.back() = l.weight.size(0);
    return out.reshape(sizes);
  }

  torch::Tensor requantize(const torch::Tensor& acc, const Dyadic& d, int bits) const override {
    if (acc.scalar_type() != torch::kInt32) return referenceKernels().requantize(acc, d, bits);  // not an accumulator
    return bits <= 8 ? requantizeTo<int8_t>(acc, d, bits) : requantizeTo<int16_t>(acc, d, bits);
  }

  torch::Tensor addRequantized(const torch::Tensor& a, const Dyadic& da, const torch::Tensor& b, const Dyadic& db,
                               int bits) const override {
    // The residual add: an int32 accumulator plus the int8/int16 stream into 16 bits; anything else is rare
    // enough for the reference.
    const auto tb = b.scalar_type();
    if (bits != 16 || a.scalar_type() != torch::kInt32 || (tb != torch::kInt16 && tb != torch::kInt8) || a.sizes() != b.sizes())
      return referenceKernels().addRequantized(a, da, b, db, bits);
    const auto ac = a.contiguous(), bc = b.to(torch::kInt16).contiguous();
    const int64_t C = ac.size(-1), rows = ac.numel() / std::max<int64_t>(C, 1);
    auto out = torch::empty(ac.sizes(), torch::kInt16);
    const auto ma = fused::columnMultipliers(da, C), mb = fused::columnMultipliers(db, C);
    const bool simd = simdRows();
    const int32_t* pa = ac.data_ptr<int32_t>();
    const int16_t* pb = bc.data_ptr<int16_t>();
    int16_t* dst = out.data_ptr<int16_t>();
    forRows(rows, C, [&](int64_t r) {
      rows::addRequantized(pa + r * C, ma.data(), da.shift, pb + r * C, mb.data(), db.shift, 32767, dst + r * C, C, simd);
    });
    return out;
  }

  torch::Tensor layerNorm(const torch::Tensor& x, const Dyadic& gain, const torch::Tensor& offset, int bits) const override {
    const auto type = x.scalar_type();
    if (type != torch::kInt8 && type != torch::kInt16) return referenceKernels().layerNorm(x, gain, offset, bits);
    const auto in = x.contiguous();
    const int64_t C = in.size(-1), rows = in.numel() / std::max<int64_t>(C, 1);
    const auto gains = gain.m.expand({C}).to(torch::kInt32).contiguous();  // |m| < 2^31
    const auto off = offset.contiguous();
    rows::LayerNormParams p;
    p.gain = gains.data_ptr<int32_t>();
    p.shift = gain.shift;
    p.offset = off.data_ptr<int64_t>();
    p.q = largest(bits);
    p.simd = simdRows() && rows::layerNormFitsAvx2(C, p);
    auto out = torch::empty(in.sizes(), intTypeFor(bits));
    at::parallel_for(0, rows, std::max<int64_t>(1, 4096 / std::max<int64_t>(C, 1)), [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        if (type == torch::kInt8 && bits <= 8) rows::layerNorm(in.data_ptr<int8_t>() + r * C, out.data_ptr<int8_t>() + r * C, C, p);
        if (type == torch::kInt8 && bits > 8) rows::layerNorm(in.data_ptr<int8_t>() + r * C, out.data_ptr<int16_t>() + r * C, C, p);
        if (type == torch::kInt16 && bits <= 8) rows::layerNorm(in.data_ptr<int16_t>() + r * C, out.data_ptr<int8_t>() + r * C, C, p);
        if (type == torch::kInt16 && bits > 8) rows::layerNorm(in.data_ptr<int16_t>() + r * C, out.data_ptr<int16_t>() + r * C, C, p);
      }
    });
    return out;
  }

  torch::Tensor attentionLogits(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& bias) const override {
    const auto qc = q.contiguous(), kc = k.contiguous();
    const int64_t B = qc.size(0), H = qc.size(1), N = qc.size(2), D = qc.size(3);
    const auto bc = bias.defined() ? bias.contiguous() : bias;
    const int64_t W = bias.defined() ? bc.size(0) : 1;
    auto out = torch::empty({B, H, N, N}, torch::kInt32);
    const int8_t* pq = qc.data_ptr<int8_t>();
    const int8_t* pk = kc.data_ptr<int8_t>();
    const int64_t* pb = bias.defined() ? bc.data_ptr<int64_t>() : nullptr;
    int32_t* po = out.data_ptr<int32_t>();
    const Isa isa = activeIsa();
    at::parallel_for(0, B * H, 1, [&](int64_t begin, int64_t end) {
      thread_local PackedWeights keys;
      for (int64_t bh = begin; bh < end; ++bh) {
        int32_t* logits = po + bh * N * N;
        packRows(pk + bh * N * D, N, D, D, keys);  // k's rows are the "output columns"
        Int32Sink sink(logits, N);
        gemmSerial({pq + bh * N * D, N, D, false}, keys, nullptr, sink, isa);
        if (pb) addBias(logits, pb + ((bh / H) % W * H + bh % H) * N * N, N * N);
      }
    });
    return out;
  }

  torch::Tensor shiftmax(const torch::Tensor& logits, const Dyadic& toLog2) const override {
    const auto in = logits.contiguous();
    const int64_t N = in.size(-1), rows = in.numel() / std::max<int64_t>(N, 1);
    const int64_t m = toLog2.m.item<int64_t>();
    const int shift = toLog2.shift;
    const bool simd = simdRows();
    auto out = torch::empty(in.sizes(), torch::kUInt8);
    const int32_t* src = in.data_ptr<int32_t>();
    uint8_t* dst = out.data_ptr<uint8_t>();
    at::parallel_for(0, rows, std::max<int64_t>(1, 8192 / std::max<int64_t>(N, 1)), [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) rows::shiftmax(src + r * N, N, m, shift, dst + r * N, simd);
    });
    return out;
  }

  torch::Tensor attentionContext(const torch::Tensor& probs, const torch::Tensor& v) const override {
    const auto pc = probs.contiguous(), vc = v.contiguous();
    const int64_t B = pc.size(0), H = pc.size(1), N = pc.size(2), D = vc.size(3);
    auto out = torch::empty({B, H, N, D}, torch::kInt32);
    const uint8_t* pp = pc.data_ptr<uint8_t>();
    const int8_t* pv = vc.data_ptr<int8_t>();
    int32_t* po = out.data_ptr<int32_t>();
    const Isa isa = activeIsa();
    at::parallel_for(0, B * H, 1, [&](int64_t begin, int64_t end) {
      thread_local PackedWeights values;
      for (int64_t bh = begin; bh < end; ++bh) {
        packColumns(pv + bh * N * D, D, N, D, values);  // vᵀ: output column d sums over tokens
        Int32Sink sink(po + bh * N * D, D);
        gemmSerial({pp + bh * N * N, N, N, true}, values, nullptr, sink, isa);
      }
    });
    return out;
  }

  torch::Tensor gelu(const torch::Tensor& x, const Dyadic& toLog2, const Dyadic& out) const override {
    const auto table = geluTable(toLog2, out);
    const int8_t* lut = table.data_ptr<int8_t>();
    const auto in = x.contiguous();
    auto result = torch::empty(in.sizes(), torch::kInt8);
    const int8_t* src = in.data_ptr<int8_t>();
    int8_t* dst = result.data_ptr<int8_t>();
    at::parallel_for(0, in.numel(), 65536, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) dst[i] = lut[src[i] + 128];
    });
    return result;
  }

  torch::Tensor attentionInputs(const torch::Tensor& x, const IntLinear& qkv, const Dyadic& dq, const Dyadic& dk, const Dyadic& dv,
                                int64_t heads) const override {
    return fused::attentionInputs(x, qkv, dq, dk, dv, heads);
  }

  torch::Tensor attentionCore(const torch::Tensor& qkv, const torch::Tensor& bias, const Dyadic& toLog2,
                              const Dyadic& context) const override {
    return fused::attentionCore(qkv, bias, toLog2, context);
  }

  torch::Tensor linearGelu(const torch::Tensor& x, const IntLinear& layer, const Dyadic& in, const Dyadic& toLog2,
                           const Dyadic& out) const override {
    const auto table = geluTable(toLog2, out);
    return fused::linearGelu(x, layer, in, table.data_ptr<int8_t>());
  }

  torch::Tensor linearAddRequantized(const torch::Tensor& x, const IntLinear& layer, const Dyadic& dLayer, const torch::Tensor& identity,
                                     const Dyadic& dIdentity, int bits) const override {
    if (bits != 16) return IntKernels::linearAddRequantized(x, layer, dLayer, identity, dIdentity, bits);
    return fused::linearAddRequantized(x, layer, dLayer, identity, dIdentity);
  }
};

}  // namespace

const IntKernels& fastKernels() {
  static const FastKernels kernels;
  return kernels;
}

}  // namespace vq
