#pragma once
// The register-blocked inner loops of the fast engine's int8 GEMM, one set per ISA. A micro-kernel
// multiplies R rows of a packed row panel by NB packed 16-column weight blocks over every quad of K and
// stores the raw int32 sums in acc[R][64] (columns j·16 … j·16+15 of block j).
//
// What the panel bytes mean depends on the ISA (gemm.cpp converts the rows when it copies them):
//  - VNNI kernels (vpdpbusd) multiply *unsigned* panel bytes by signed weights, four products summed per
//    int32 lane with no intermediate saturation;
//  - AVX2 and portable kernels multiply *signed* panel bytes (−128…127) by signed weights (±127): AVX2 takes
//    |x| (unsigned) times the weights carrying x's sign (vpsignb, vpmaddubsw); each 16-bit pair sum is at
//    most 2·128·127 < 2^15, so it never saturates.
//
// 4-bit weights (nibbles, gemm.h) have micro-kernels of their own, which unpack each quad's 32 bytes in
// registers: the VNNI ones into the int8 layout, then vpdpbusd as above (same rate, half the weight
// bytes). The AVX2 one keeps the nibbles as they are stored, w + 8 in 0…15, and makes them the unsigned
// factor of vpmaddubsw against the signed panel bytes: a pair sum is then within 2·15·128 = 3840, so eight
// quads' pair sums add up in 16-bit lanes (8·3840 = 30720 < 2^15) before they are widened — one multiply
// and one add per 32 products instead of four instructions. Its sums hold Σ (w + 8)·x, so the epilogue takes
// off 8·Σ_k x of each row (`rowSumScale`).
#include "core/integer/isa.h"

#include <cstdint>

namespace vq::gemm {

constexpr int kBlockCols = 16;  // outputs per packed weight block (one zmm of int32, two ymm)
constexpr int kQuad = 4;        // inputs per int32 lane
constexpr int kAccStride = 64;  // int32s per acc row (room for four blocks)

using MicroKernel = void (*)(const uint8_t* panel, int64_t ldp, int64_t quads, const int8_t* weights, int64_t blockStride,
                             int32_t* acc);

struct MicroKernels {
  int maxRows = 1, maxBlocks = 1;
  bool unsignedPanel = false;  // VNNI: the panel holds unsigned bytes
  int rowSumScale = 0;         // the epilogue adds rowSumScale · Σ_k panel[r][k] (signed bytes) to every sum of row r
  MicroKernel table[8][4] = {};  // [rows − 1][blocks − 1]
  MicroKernel at(int rows, int blocks) const { return table[rows - 1][blocks - 1]; }
};

// The micro-kernels for int8 weights, or with `fourBit` for nibble-packed ones.
const MicroKernels& microKernels(Isa isa, bool fourBit = false);

}  // namespace vq::gemm
