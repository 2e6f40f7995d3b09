#include "core/integer/fused_fast.h"

#include "core/integer/gemm.h"
#include "core/integer/int_layers.h"
#include "core/integer/isa.h"
#include "core/integer/requant_rows.h"
#include "core/integer/softmax_rows.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <vector>

namespace vq::fused {
namespace {

constexpr int32_t kInt8Max = 127, kInt16Max = 32767;

bool simdRows() { return activeIsa() != Isa::Portable; }

// Tokens [.., K] as contiguous int8 rows.
torch::Tensor rowsOf(const torch::Tensor& x) { return x.reshape({-1, x.size(-1)}).contiguous(); }

// qkv accumulators → q, k, v int8 in [3, B, heads, N, d]: each tile row is cut at head boundaries and
// requantised into its slot.
class QkvSink : public GemmSink {
public:
  QkvSink(int8_t* out, int64_t B, int64_t N, int64_t heads, int64_t C, std::vector<int32_t> m, const int (&shift)[3], bool simd)
      : out_(out), B_(B), N_(N), heads_(heads), C_(C), d_(C / heads), m_(std::move(m)), simd_(simd) {
    std::copy(shift, shift + 3, shift_);
  }
  void put(int64_t row, int64_t n0, const int32_t* values, int64_t count) override {
    const int64_t b = row / N_, t = row % N_;
    for (int64_t done = 0; done < count;) {
      const int64_t n = n0 + done, part = n / C_, c = n % C_, head = c / d_, j = c % d_;
      const int64_t len = std::min(count - done, d_ - j);
      int8_t* dst = out_ + (((part * B_ + b) * heads_ + head) * N_ + t) * d_ + j;
      rows::requantize(values + done, m_.data() + n, shift_[part], kInt8Max, dst, len, simd_);
      done += len;
    }
  }

private:
  int8_t* out_;
  int64_t B_, N_, heads_, C_, d_;
  std::vector<int32_t> m_;
  int shift_[3];
  bool simd_;
};

// Requantised rows into a matrix of int8 with row stride ld (the context of one head within [B, N, C]).
class RequantSink : public GemmSink {
public:
  RequantSink(int8_t* out, int64_t ld, const int32_t* m, int shift, bool simd) : out_(out), ld_(ld), m_(m), shift_(shift), simd_(simd) {}
  void put(int64_t row, int64_t n0, const int32_t* values, int64_t count) override {
    rows::requantize(values, m_ + n0, shift_, kInt8Max, out_ + row * ld_ + n0, count, simd_);
  }

private:
  int8_t* out_;
  int64_t ld_;
  const int32_t* m_;
  int shift_;
  bool simd_;
};

class GeluSink : public GemmSink {
public:
  GeluSink(int8_t* out, int64_t ld, const int32_t* m, int shift, const int8_t* table, bool simd)
      : out_(out), ld_(ld), m_(m), shift_(shift), table_(table), simd_(simd) {}
  void put(int64_t row, int64_t n0, const int32_t* values, int64_t count) override {
    int8_t* dst = out_ + row * ld_ + n0;
    rows::requantize(values, m_ + n0, shift_, kInt8Max, dst, count, simd_);
    for (int64_t c = 0; c < count; ++c) dst[c] = table_[dst[c] + 128];
  }

private:
  int8_t* out_;
  int64_t ld_;
  const int32_t* m_;
  int shift_;
  const int8_t* table_;
  bool simd_;
};

class ResidualSink : public GemmSink {
public:
  ResidualSink(int16_t* out, const int16_t* identity, int64_t ld, const int32_t* ma, int sa, const int32_t* mb, int sb, bool simd)
      : out_(out), identity_(identity), ld_(ld), ma_(ma), mb_(mb), sa_(sa), sb_(sb), simd_(simd) {}
  void put(int64_t row, int64_t n0, const int32_t* values, int64_t count) override {
    const int64_t at = row * ld_ + n0;
    rows::addRequantized(values, ma_ + n0, sa_, identity_ + at, mb_ + n0, sb_, kInt16Max, out_ + at, count, simd_);
  }

private:
  int16_t* out_;
  const int16_t* identity_;
  int64_t ld_;
  const int32_t *ma_, *mb_;
  int sa_, sb_;
  bool simd_;
};

GemmRows int8Rows(const torch::Tensor& rows) { return {rows.data_ptr<int8_t>(), rows.size(0), rows.size(1), false}; }
const int32_t* biasOf(const IntLinear& l) { return l.bias.data_ptr<int32_t>(); }

}  // namespace

std::vector<int32_t> columnMultipliers(const Dyadic& d, int64_t columns) {
  const auto m = d.m.contiguous();
  const int64_t* p = m.data_ptr<int64_t>();
  std::vector<int32_t> out(static_cast<size_t>(columns));
  for (int64_t c = 0; c < columns; ++c) out[c] = static_cast<int32_t>(m.numel() == 1 ? p[0] : p[c]);
  return out;
}

torch::Tensor attentionInputs(const torch::Tensor& x, const IntLinear& qkv, const Dyadic& dq, const Dyadic& dk, const Dyadic& dv,
                              int64_t heads) {
  const int64_t B = x.size(0), N = x.size(1);
  const auto rows = rowsOf(x);
  const auto& packed = qkv.packedWeight();
  const int64_t C = packed.N / 3;
  std::vector<int32_t> m;
  for (const Dyadic* d : {&dq, &dk, &dv}) {
    const auto part = columnMultipliers(*d, C);
    m.insert(m.end(), part.begin(), part.end());
  }
  auto out = torch::empty({3, B, heads, N, C / heads}, torch::kInt8);
  const int shifts[3] = {dq.shift, dk.shift, dv.shift};
  QkvSink sink(out.data_ptr<int8_t>(), B, N, heads, C, std::move(m), shifts, simdRows());
  gemmParallel(int8Rows(rows), packed, biasOf(qkv), sink);
  return out;
}

torch::Tensor attentionCore(const torch::Tensor& qkv, const torch::Tensor& bias, const Dyadic& toLog2, const Dyadic& context) {
  const auto in = qkv.contiguous();
  const int64_t B = in.size(1), H = in.size(2), N = in.size(3), D = in.size(4);
  const auto bc = bias.defined() ? bias.contiguous() : bias;
  const int64_t W = bias.defined() ? bc.size(0) : 1;
  const int64_t* pb = bias.defined() ? bc.data_ptr<int64_t>() : nullptr;
  const int8_t* base = in.data_ptr<int8_t>();
  const int64_t partStride = B * H * N * D;
  auto out = torch::empty({B, N, H * D}, torch::kInt8);
  int8_t* po = out.data_ptr<int8_t>();
  const auto contextM = columnMultipliers(context, D);
  const int64_t logM = toLog2.m.item<int64_t>();
  const Isa isa = activeIsa();
  const bool simd = simdRows();
  at::parallel_for(0, B * H, 1, [&](int64_t begin, int64_t end) {
    thread_local PackedWeights keys, values;
    thread_local std::vector<int32_t> logits;
    thread_local std::vector<uint8_t> probs;
    logits.resize(static_cast<size_t>(N * N));
    probs.resize(static_cast<size_t>(N * N));
    for (int64_t bh = begin; bh < end; ++bh) {
      const int64_t b = bh / H, h = bh % H;
      const int8_t* q = base + bh * N * D;
      packRows(base + partStride + bh * N * D, N, D, D, keys);  // k's rows are the logits' columns
      Int32Sink logitSink(logits.data(), N);
      gemmSerial({q, N, D, false}, keys, nullptr, logitSink, isa);
      if (pb) {
        const int64_t* rowBias = pb + ((b % W) * H + h) * N * N;
        for (int64_t i = 0; i < N * N; ++i) logits[i] = static_cast<int32_t>(logits[i] + rowBias[i]);
      }
      for (int64_t i = 0; i < N; ++i) rows::shiftmax(logits.data() + i * N, N, logM, toLog2.shift, probs.data() + i * N, simd);
      packColumns(base + 2 * partStride + bh * N * D, D, N, D, values);  // vᵀ: column d sums over tokens
      RequantSink contextSink(po + b * N * H * D + h * D, H * D, contextM.data(), context.shift, simd);
      gemmSerial({probs.data(), N, N, true}, values, nullptr, contextSink, isa);
    }
  });
  return out;
}

torch::Tensor linearGelu(const torch::Tensor& x, const IntLinear& layer, const Dyadic& in, const int8_t* table) {
  const auto rows = rowsOf(x);
  const auto& packed = layer.packedWeight();
  auto sizes = x.sizes().vec();
  sizes.back() = packed.N;
  auto out = torch::empty(sizes, torch::kInt8);
  const auto m = columnMultipliers(in, packed.N);
  GeluSink sink(out.data_ptr<int8_t>(), packed.N, m.data(), in.shift, table, simdRows());
  gemmParallel(int8Rows(rows), packed, biasOf(layer), sink);
  return out;
}

torch::Tensor linearAddRequantized(const torch::Tensor& x, const IntLinear& layer, const Dyadic& dLayer, const torch::Tensor& identity,
                                   const Dyadic& dIdentity) {
  const auto rows = rowsOf(x);
  const auto& packed = layer.packedWeight();
  const auto id = identity.to(torch::kInt16).contiguous();
  TORCH_CHECK(id.numel() == rows.size(0) * packed.N, "linearAddRequantized: identity shape");
  auto out = torch::empty(id.sizes(), torch::kInt16);
  const auto ma = columnMultipliers(dLayer, packed.N), mb = columnMultipliers(dIdentity, packed.N);
  ResidualSink sink(out.data_ptr<int16_t>(), id.data_ptr<int16_t>(), packed.N, ma.data(), dLayer.shift, mb.data(), dIdentity.shift,
                    simdRows());
  gemmParallel(int8Rows(rows), packed, biasOf(layer), sink);
  return out;
}

}  // namespace vq::fused
