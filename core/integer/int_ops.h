#pragma once
// I-ViT's integer non-linearities, reference versions on int64 tensors (docs/design/methods.md §4.4–4.6). They are
// written for reading: each step is one tensor expression with its rounding spelled out. The fast
// engine must reproduce them bit for bit.
//
// Where we depart from the released code, on purpose and exactly:
//  - constants such as log2(e) and GELU's 1.702 are folded into the dyadic that converts the input to a
//    fixed-point base-2 exponent, as the released TVM code does for 1.702 (exact, and one shift cheaper);
//  - ShiftGELU stabilises each element with max(z, 0) instead of the row maximum, so it is a function of
//    the element alone (the fast engine turns it into a 256-entry table);
//  - the integer division uses 2^46 instead of 2^31 in int64, so long rows keep their precision.
#include "core/integer/dyadic.h"

namespace vq::intops {

constexpr int kExpFracBits = 8;   // exponents are fixed point with 2^-8 steps
constexpr int kExpRange = 15;     // 2^x is clipped below at 2^-15
constexpr int kDivBits = 46;      // IntDiv numerator 2^46
constexpr int kProbBits = 8;      // probabilities and sigmoids come out in 2^-8 steps (0..256)
constexpr int kNormBits = 15;     // I-LayerNorm's normalised values come out in 2^-15 steps (times √C)

// 2^(x / 2^F) · 2^(F+R) for fixed-point exponents x ≤ 0, clipped at x = −R: the integer part of −x is a
// right shift, the fractional part f uses 2^−f ≈ 1 − f/2 (I-ViT's ShiftExp in base 2).
torch::Tensor shiftExp2(const torch::Tensor& x);

// ⌊sqrt(v)⌋ for int64 v ≥ 0, by integer Newton iteration from a power of two above the root.
torch::Tensor isqrt(const torch::Tensor& v);

// Shiftmax over the last dimension. `toLog2` turns the integer logits into base-2 fixed-point exponents
// (it carries the logits' scale, the attention scale, log2(e) and 2^F). Returns probabilities in 2^-8
// steps clamped to 0..255 (int64).
torch::Tensor shiftmax(const torch::Tensor& logits, const Dyadic& toLog2);

// σ(1.702·x) in 2^-8 steps (0..256) for integer x; `toLog2` carries x's scale, 1.702, log2(e) and 2^F.
torch::Tensor shiftSigmoid(const torch::Tensor& x, const Dyadic& toLog2);

// ShiftGELU: x · σ(1.702·x), an int64 tensor in steps of (x's scale) · 2^-8.
torch::Tensor shiftGelu(const torch::Tensor& x, const Dyadic& toLog2);

// I-LayerNorm's integer normalisation over the last dimension: (x − μ) / sqrt(Σ(x − μ)²) in 2^-15
// steps, i.e. the normalised value divided by √C. μ is rounded to an integer; a constant row gives 0.
torch::Tensor normalizeRows(const torch::Tensor& x);

// ⌊(a + b/2) / b⌋ on int64 tensors (rounding division for b > 0, ties towards +inf).
torch::Tensor roundDiv(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace vq::intops
