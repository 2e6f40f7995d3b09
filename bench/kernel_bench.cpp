#include "bench/kernel_bench.h"

#include "bench/instruction_limits.h"
#include "core/integer/gemm.h"
#include "core/integer/isa.h"

#include <torch/torch.h>

#include <chrono>
#include <string>
#include <vector>

namespace vq {
namespace {

// Takes the finished tiles and drops them: the GEMM's own work (micro-kernel and column correction) is timed.
class DiscardSink : public GemmSink {
public:
  void put(int64_t, int64_t, const int32_t*, int64_t) override {}
};

struct Shape {
  const char* name;
  int64_t M, N, K;
  bool unsignedRows;  // the attention probabilities
  bool weights;       // a Linear layer (the attention products have no 4-bit form)
};

// DeiT-S at 224: 197 tokens of width 384, 6 heads of 64.
const Shape kShapes[] = {
    {"qkv", 197, 1152, 384, false, true},   {"fc1", 197, 1536, 384, false, true}, {"fc2", 197, 384, 1536, false, true},
    {"attn_qk", 197, 197, 64, false, false}, {"attn_pv", 197, 64, 197, true, false},
};

// GMAC/s of gemmSerial on `isa`: repeated until a fifth of a second has passed.
double timeGemm(const Shape& s, const PackedWeights& w, const torch::Tensor& rows, Isa isa) {
  DiscardSink sink;
  const GemmRows x{rows.data_ptr(), s.M, s.K, s.unsignedRows};
  gemmSerial(x, w, nullptr, sink, isa);  // warm caches and the core's clock
  int64_t calls = 0;
  const auto t0 = std::chrono::steady_clock::now();
  double seconds = 0;
  while (seconds < 0.2) {
    gemmSerial(x, w, nullptr, sink, isa);
    ++calls;
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  return static_cast<double>(calls) * static_cast<double>(s.M * s.N * s.K) / seconds / 1e9;
}

}  // namespace

nlohmann::json runKernelBench() {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(0);
  nlohmann::json rows = nlohmann::json::array(), isas = nlohmann::json::array();
  for (Isa isa : supportedIsas()) isas.push_back(isaName(isa));
  for (Isa isa : supportedIsas())
    for (int bits : {8, 4})
      for (const auto& s : kShapes) {
        if (bits == 4 && !s.weights) continue;
        const int64_t top = bits == 8 ? 127 : 7;
        const auto w = torch::randint(-top, top + 1, {s.N, s.K}, gen, torch::kInt64).to(torch::kInt8);
        const auto x = s.unsignedRows ? torch::randint(0, 256, {s.M, s.K}, gen, torch::kInt64).to(torch::kUInt8)
                                      : torch::randint(-128, 128, {s.M, s.K}, gen, torch::kInt64).to(torch::kInt8);
        const auto packed = packWeights(w);
        const double gmac = timeGemm(s, packed, x, isa), limit = instructionLimitGmacPerCore(isa, bits);
        rows.push_back({{"isa", isaName(isa)},
                        {"weight_bits", bits},
                        {"gemm", s.name},
                        {"m", s.M},
                        {"n", s.N},
                        {"k", s.K},
                        {"gmac_per_core", gmac},
                        {"limit_gmac_per_core", limit > 0 ? nlohmann::json(limit) : nlohmann::json()},
                        {"efficiency", limit > 0 ? nlohmann::json(gmac / limit) : nlohmann::json()}});
      }
  return {{"cpu_isas", isas}, {"kernels", rows}};
}

}  // namespace vq
