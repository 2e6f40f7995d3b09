#pragma once
// What the CPU that runs the benchmark can do at most: the throughput, on one core, of the instruction
// sequence each GEMM micro-kernel repeats, measured in a register-only loop (independent accumulators,
// no loads), so a kernel's measured GMAC/s can be read against the limit of *this* CPU rather than as a
// ratio to another path. The sequences are those of gemm_microkernels.cpp:
//  - avx512vnni: vpdpbusd zmm (64 products);
//  - avxvnni: vpdpbusd ymm (32);
//  - avx2, 8-bit weights: vpsignb + vpmaddubsw + vpmaddwd + vpaddd (32; the row's vpabsb is shared by every
//    column and left out);
//  - avx2, 4-bit weights: vpmaddubsw + vpaddw (32; the widening every eight quads is left out).
// The portable path has no instruction limit of its own (the compiler chooses its instructions).
#include "core/integer/isa.h"

namespace vq {

// Billions of multiply-accumulates per second on one core for `isa`'s kernel with `weightBits`-bit weights
// (8 or 4), or 0 where no limit is defined (portable) or the CPU lacks the ISA.
double instructionLimitGmacPerCore(Isa isa, int weightBits);

}  // namespace vq
