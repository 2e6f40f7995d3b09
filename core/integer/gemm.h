#pragma once
// Exact int8 matrix products for the fast integer engine: x [M, K] · Wᵀ + bias → int32 [M, N], with W
// int8 in ±127 and x either int8 (−128…127) or uint8 (0…255, the attention probabilities). Weights are
// packed once into 16-column blocks of int8 quads — or, when every weight lies in −8…7 (4-bit weights),
// of nibbles, two weights per byte, which the 4-bit micro-kernels multiply at a higher rate; rows are
// copied into a panel in the encoding the ISA's micro-kernel multiplies (gemm_microkernels.h). When that encoding shifts the inputs by 128 (signed rows
// on VNNI, unsigned rows on AVX2), the shift's contribution 128·Σ_k W[n][k] is removed in the epilogue,
// so every ISA returns the reference engine's integers. The sums may wrap in 32-bit lanes on the way;
// the true result fits in int32, so the wrapped arithmetic ends on it exactly.
#include "core/integer/isa.h"

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace vq {

struct PackedWeights {
  // [blocks][quads][16 outputs × 4 inputs], zero-padded. With `fourBit`, each quad's 64 weights take 32
  // bytes: byte i holds weight i + 8 in its low nibble and weight i + 32 + 8 in its high one (so the low
  // nibbles are outputs 0–7 and the high ones outputs 8–15, the two halves of the int8 layout).
  std::vector<int8_t> data;
  std::vector<int32_t> colSums;  // Σ_k W[n][k] per output
  int64_t N = 0, K = 0, blocks = 0, quads = 0;
  bool fourBit = false;
  int64_t blockStride() const { return quads * (fourBit ? 32 : 64); }
};

// weight int8 [N, K] with values in ±127 (−128 would break AVX2's sign trick); packed as nibbles when
// every value lies in −8…7.
PackedWeights packWeights(const torch::Tensor& weight);
// Per-head attention operands, packed into `into` (its storage reused): W[n][k] = w[n·ld + k] (packRows, k)
// or w[k·ld + n] (packColumns, vᵀ).
void packRows(const int8_t* w, int64_t N, int64_t K, int64_t ld, PackedWeights& into);
void packColumns(const int8_t* w, int64_t N, int64_t K, int64_t ld, PackedWeights& into);

// Rows of the left operand: `rows` rows of K bytes, `ld` bytes apart.
struct GemmRows {
  const void* data = nullptr;
  int64_t rows = 0, ld = 0;
  bool isUnsigned = false;  // uint8 rows (else int8)
};

// Receives finished results, bias included: `count` values of row m from column n0 on. The GEMM hands
// them over tile by tile while they are in cache, so a sink can requantise (or scatter) them at once:
// that is how the fast engine fuses its epilogues. Rows of different chunks arrive on different threads.
class GemmSink {
public:
  virtual ~GemmSink() = default;
  virtual void put(int64_t m, int64_t n0, const int32_t* values, int64_t count) = 0;
};

// Writes the int32 results into a row-major matrix with row stride ldo.
class Int32Sink : public GemmSink {
public:
  Int32Sink(int32_t* out, int64_t ldo) : out_(out), ldo_(ldo) {}
  void put(int64_t m, int64_t n0, const int32_t* values, int64_t count) override;

private:
  int32_t* out_;
  int64_t ldo_;
};

// Σ_k x[m][k]·W[n][k] + bias[n] (bias may be null) into `sink`, on the calling thread.
void gemmSerial(const GemmRows& x, const PackedWeights& w, const int32_t* bias, GemmSink& sink, Isa isa);
// The same, parallel over chunks of rows (LibTorch's pool), on activeIsa().
void gemmParallel(const GemmRows& x, const PackedWeights& w, const int32_t* bias, GemmSink& sink);

// x int8 [M, K] · packedᵀ + bias (int32 [N], or undefined) → int32 [M, N].
torch::Tensor gemmInt8(const torch::Tensor& x, const PackedWeights& packed, const torch::Tensor& bias);

}  // namespace vq
