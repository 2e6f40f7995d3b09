#include "core/integer/gemm.h"

#include "core/integer/gemm_microkernels.h"

#include <ATen/Parallel.h>
#include <emmintrin.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstring>

#ifndef _OPENMP
#error "compile with OpenMP (cmake/ProjectOptions.cmake): without it at::parallel_for runs every chunk on one thread"
#endif

namespace vq {
namespace {

using gemm::kAccStride;
using gemm::kBlockCols;
using gemm::kQuad;

constexpr int64_t kMaxChunkRows = 64;  // rows whose panel stays hot while every weight block passes over them

// Copies rows [m0, m0 + rows) into the panel, K padded to whole quads, XOR-ing 0x80 where the kernel's
// encoding differs from the input's (that maps int8 x to x + 128 and uint8 p to p − 128).
void fillPanel(const GemmRows& x, int64_t m0, int64_t rows, int64_t K, int64_t ldp, bool flip, uint8_t* panel) {
  const auto* src = static_cast<const uint8_t*>(x.data);
  const uint8_t pad = flip ? 0x80 : 0;  // any value: padded weights are zero; this one reads as 0 to the kernel
  for (int64_t r = 0; r < rows; ++r) {
    const uint8_t* in = src + (m0 + r) * x.ld;
    uint8_t* row = panel + r * ldp;
    if (flip)
      for (int64_t k = 0; k < K; ++k) row[k] = in[k] ^ 0x80;
    else
      std::memcpy(row, in, static_cast<size_t>(K));
    std::fill(row + K, row + ldp, pad);
  }
}

// bias[n] minus what the panel's ±128 shift added: the per-column term every result row gets.
void columnAdjust(const PackedWeights& w, const int32_t* bias, int correction, std::vector<uint32_t>& adjust) {
  adjust.resize(static_cast<size_t>(w.N));
  for (int64_t n = 0; n < w.N; ++n)
    adjust[n] = static_cast<uint32_t>((bias ? int64_t{bias[n]} : 0) + int64_t{correction} * w.colSums[n]);
}

// rowSumScale · Σ_k panel[r][k] over the whole padded row, read as signed bytes: the per-row term of
// kernels whose sums are offset by the rows' sums (gemm_microkernels.h).
void rowAdjust(const uint8_t* panel, int64_t rows, int64_t ldp, int rowSumScale, std::vector<uint32_t>& adjust) {
  adjust.assign(static_cast<size_t>(rows), 0);
  if (rowSumScale == 0) return;
  for (int64_t r = 0; r < rows; ++r) {
    const auto* row = reinterpret_cast<const int8_t*>(panel + r * ldp);
    int64_t sum = 0;
    for (int64_t k = 0; k < ldp; ++k) sum += row[k];
    adjust[r] = static_cast<uint32_t>(rowSumScale * sum);
  }
}

// Rows [m0, m0 + rows) × every column: the panel is filled once, then each group of weight blocks passes
// over it tile by tile, each finished tile row going to the sink.
void gemmChunk(const GemmRows& x, const PackedWeights& w, const uint32_t* adjust, GemmSink& sink, const gemm::MicroKernels& k, bool flip,
               int64_t m0, int64_t rows, std::vector<uint8_t>& panel) {
  const int64_t ldp = w.quads * kQuad;
  panel.resize(static_cast<size_t>(rows * ldp));
  fillPanel(x, m0, rows, w.K, ldp, flip, panel.data());
  thread_local std::vector<uint32_t> perRow;
  rowAdjust(panel.data(), rows, ldp, k.rowSumScale, perRow);
  alignas(64) int32_t acc[8 * kAccStride];
  alignas(64) int32_t row[kAccStride];
  for (int64_t b = 0; b < w.blocks; b += k.maxBlocks) {
    const int nb = static_cast<int>(std::min<int64_t>(k.maxBlocks, w.blocks - b));
    const int8_t* weights = w.data.data() + b * w.blockStride();
    const int64_t n0 = b * kBlockCols, cols = std::min<int64_t>(nb * kBlockCols, w.N - n0);
    for (int64_t r = 0; r < rows; r += k.maxRows) {
      const int nr = static_cast<int>(std::min<int64_t>(k.maxRows, rows - r));
      k.at(nr, nb)(panel.data() + r * ldp, ldp, w.quads, weights, w.blockStride(), acc);
      for (int rr = 0; rr < nr; ++rr) {
        const auto* sums = reinterpret_cast<const uint32_t*>(acc + rr * kAccStride);
        const uint32_t rowTerm = perRow[r + rr];
        for (int64_t c = 0; c < cols; ++c) row[c] = static_cast<int32_t>(sums[c] + adjust[n0 + c] + rowTerm);
        sink.put(m0 + r + rr, n0, row, cols);
      }
    }
  }
}

int correctionFor(const GemmRows& x, const gemm::MicroKernels& k) {
  if (x.isUnsigned == k.unsignedPanel) return 0;
  return k.unsignedPanel ? -128 : 128;  // int8 rows read as x + 128, or uint8 rows read as p − 128
}

// Sizes `p` for N × K int8 weights and zeroes it (the padding must read as zero).
void reset(PackedWeights& p, int64_t N, int64_t K) {
  p.N = N;
  p.K = K;
  p.fourBit = false;
  p.blocks = (N + kBlockCols - 1) / kBlockCols;
  p.quads = (K + kQuad - 1) / kQuad;
  p.data.assign(static_cast<size_t>(p.blocks * p.blockStride()), 0);
  p.colSums.assign(static_cast<size_t>(N), 0);
}

// W[n][k] = w[n·ld + k] (a weight matrix, or k of one attention head): each output's inputs are contiguous,
// so whole quads are copied.
void packRowMajor(const int8_t* w, int64_t ld, PackedWeights& p) {
  const int64_t fullQuads = p.K / kQuad;
  for (int64_t n = 0; n < p.N; ++n) {
    const int8_t* row = w + n * ld;
    int8_t* column = p.data.data() + (n / kBlockCols) * p.blockStride() + (n % kBlockCols) * kQuad;
    for (int64_t q = 0; q < fullQuads; ++q) std::memcpy(column + q * 64, row + q * kQuad, kQuad);
    for (int64_t k = fullQuads * kQuad; k < p.K; ++k) column[fullQuads * 64 + k % kQuad] = row[k];
    int32_t sum = 0;
    for (int64_t k = 0; k < p.K; ++k) sum += row[k];
    p.colSums[n] = sum;
  }
}

// W[n][k] = w[k·ld + n] (vᵀ of one attention head): four input rows are interleaved byte by byte into the
// 16 × 4 layout of a block, sixteen outputs at a time (SSE2, part of baseline x86-64).
void packColumnMajor(const int8_t* w, int64_t ld, PackedWeights& p) {
  const int64_t fullBlocks = p.N / kBlockCols;
  alignas(16) static const int8_t kZeros[kBlockCols] = {};
  for (int64_t q = 0; q < p.quads; ++q) {
    const int8_t* rows[kQuad];
    for (int i = 0; i < kQuad; ++i) rows[i] = q * kQuad + i < p.K ? w + (q * kQuad + i) * ld : nullptr;
    for (int64_t b = 0; b < fullBlocks; ++b) {
      __m128i r[kQuad];
      for (int i = 0; i < kQuad; ++i)
        r[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[i] ? rows[i] + b * kBlockCols : kZeros));
      const __m128i lo01 = _mm_unpacklo_epi8(r[0], r[1]), hi01 = _mm_unpackhi_epi8(r[0], r[1]);
      const __m128i lo23 = _mm_unpacklo_epi8(r[2], r[3]), hi23 = _mm_unpackhi_epi8(r[2], r[3]);
      auto* out = reinterpret_cast<__m128i*>(p.data.data() + b * p.blockStride() + q * 64);
      _mm_storeu_si128(out + 0, _mm_unpacklo_epi16(lo01, lo23));  // outputs 0–3, each with its 4 inputs
      _mm_storeu_si128(out + 1, _mm_unpackhi_epi16(lo01, lo23));  // outputs 4–7
      _mm_storeu_si128(out + 2, _mm_unpacklo_epi16(hi01, hi23));  // outputs 8–11
      _mm_storeu_si128(out + 3, _mm_unpackhi_epi16(hi01, hi23));  // outputs 12–15
    }
    for (int64_t n = fullBlocks * kBlockCols; n < p.N; ++n)
      for (int i = 0; i < kQuad; ++i)
        if (rows[i]) p.data[(n / kBlockCols) * p.blockStride() + q * 64 + (n % kBlockCols) * kQuad + i] = rows[i][n];
  }
  for (int64_t k = 0; k < p.K; ++k)
    for (int64_t n = 0; n < p.N; ++n) p.colSums[n] += w[k * ld + n];
}

// The int8 layout of 4-bit weights (−8…7) rewritten as nibbles, two weights a byte (gemm.h). Padding
// becomes the nibble 8, which reads as weight 0.
void toNibbles(PackedWeights& p) {
  std::vector<int8_t> nibbles(static_cast<size_t>(p.blocks * p.quads * 32));
  for (int64_t quad = 0; quad < p.blocks * p.quads; ++quad) {
    const int8_t* in = p.data.data() + quad * 64;
    auto* out = reinterpret_cast<uint8_t*>(nibbles.data() + quad * 32);
    for (int i = 0; i < 32; ++i) out[i] = static_cast<uint8_t>((in[i] + 8) | (in[i + 32] + 8) << 4);
  }
  p.data = std::move(nibbles);
  p.fourBit = true;
}

// The panel encoding and micro-kernels for these weights on `isa`.
const gemm::MicroKernels& kernelsFor(const PackedWeights& w, Isa isa) { return gemm::microKernels(isa, w.fourBit); }

}  // namespace

void packRows(const int8_t* w, int64_t N, int64_t K, int64_t ld, PackedWeights& into) {
  reset(into, N, K);
  packRowMajor(w, ld, into);
}

void packColumns(const int8_t* w, int64_t N, int64_t K, int64_t ld, PackedWeights& into) {
  reset(into, N, K);
  packColumnMajor(w, ld, into);
}

PackedWeights packWeights(const torch::Tensor& weight) {
  TORCH_CHECK(weight.scalar_type() == torch::kInt8 && weight.dim() == 2, "packWeights: int8 [N, K] expected");
  TORCH_CHECK(weight.numel() == 0 || weight.min().item<int>() > -128, "packWeights: weights must lie in ±127");
  const auto c = weight.contiguous();
  PackedWeights p;
  packRows(c.data_ptr<int8_t>(), c.size(0), c.size(1), c.size(1), p);
  if (c.numel() > 0 && c.min().item<int>() >= -8 && c.max().item<int>() <= 7) toNibbles(p);
  return p;
}

void Int32Sink::put(int64_t m, int64_t n0, const int32_t* values, int64_t count) {
  std::memcpy(out_ + m * ldo_ + n0, values, static_cast<size_t>(count) * sizeof(int32_t));
}

void gemmSerial(const GemmRows& x, const PackedWeights& w, const int32_t* bias, GemmSink& sink, Isa isa) {
  const auto& k = kernelsFor(w, isa);
  thread_local std::vector<uint32_t> adjust;
  thread_local std::vector<uint8_t> panel;
  const int correction = correctionFor(x, k);
  columnAdjust(w, bias, correction, adjust);
  for (int64_t m0 = 0; m0 < x.rows; m0 += kMaxChunkRows)
    gemmChunk(x, w, adjust.data(), sink, k, correction != 0, m0, std::min(kMaxChunkRows, x.rows - m0), panel);
}

void gemmParallel(const GemmRows& x, const PackedWeights& w, const int32_t* bias, GemmSink& sink) {
  const auto& k = kernelsFor(w, activeIsa());
  const int correction = correctionFor(x, k);
  std::vector<uint32_t> adjust;
  columnAdjust(w, bias, correction, adjust);
  // Chunks of whole micro-kernel row tiles, small enough that every thread gets several (batch 1 has ~200 rows).
  const int64_t M = x.rows, threads = std::max(1, at::get_num_threads());
  if (M == 0) return;
  int64_t chunkRows = std::min<int64_t>(kMaxChunkRows, (M + 4 * threads - 1) / (4 * threads));
  chunkRows = (chunkRows + k.maxRows - 1) / k.maxRows * k.maxRows;
  const int64_t chunks = (M + chunkRows - 1) / chunkRows;
  at::parallel_for(0, chunks, 1, [&](int64_t begin, int64_t end) {
    thread_local std::vector<uint8_t> panel;
    for (int64_t c = begin; c < end; ++c) {
      const int64_t m0 = c * chunkRows;
      gemmChunk(x, w, adjust.data(), sink, k, correction != 0, m0, std::min(chunkRows, M - m0), panel);
    }
  });
}

torch::Tensor gemmInt8(const torch::Tensor& x, const PackedWeights& packed, const torch::Tensor& bias) {
  TORCH_CHECK(x.scalar_type() == torch::kInt8 && x.dim() == 2 && x.size(1) == packed.K && x.is_contiguous(), "gemmInt8: int8 [M, K] rows expected");
  auto out = torch::empty({x.size(0), packed.N}, torch::kInt32);
  Int32Sink sink(out.data_ptr<int32_t>(), packed.N);
  gemmParallel({x.data_ptr<int8_t>(), x.size(0), packed.K, false}, packed, bias.defined() ? bias.data_ptr<int32_t>() : nullptr, sink);
  return out;
}

}  // namespace vq
