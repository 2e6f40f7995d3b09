#pragma once
// `vitquant bench --kernels`: the fast engine's GEMM micro-kernels alone, on one thread, at the shapes of
// DeiT-S at 224 (one image's 197 tokens: qkv, fc1, fc2, q·kᵀ as attn_qk and probabilities·v as attn_pv), for every ISA path this
// CPU has and for 8- and 4-bit weights, each beside the instruction limit of this CPU
// (instruction_limits.h) — a path's efficiency, which a ratio to another path or to a peer cannot show.
#include <nlohmann/json.hpp>

namespace vq {

// {"cpu_isas":[…], "kernels":[{"isa","weight_bits","gemm","m","n","k","gmac_per_core","limit_gmac_per_core","efficiency"}]}
// (limit and efficiency null on the portable path).
nlohmann::json runKernelBench();

}  // namespace vq
