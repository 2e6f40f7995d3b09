#pragma once
// `vitquant bench`: LibTorch FP32 and the integer-only engine timed in the same run on the same random
// batch — warm-up passes, then timed rounds that run FP32 and the integer engine on every ISA path the CPU
// has one after another (a noisy machine slows them alike), medians over rounds — with the integer
// engine's time split by kernel kind. A float model is converted on the fly with a quick calibration on random inputs (speed
// does not depend on the weights' values); an integer model folder is timed against its own float model.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace vq {

struct BenchRequest {
  std::string model;
  int batch = 8, warmup = 3, repeats = 10;
  uint64_t seed = 0;
  std::string engine = "fast";  // the integer engine to time: fast | reference
  std::string isa;              // the fast engine's ISA for "int" (empty: activeIsa())
  bool portable = false;        // also time the portable path in "int_by_isa" (slow: plain loops)
  // Weight widths of the integer models made from a float model (the first is "int"; empty: 8). An integer
  // folder has its own widths and refuses this.
  std::vector<int> weightBits;
};

// {"model","batch","threads","warmup","repeats","fp32":{images_per_s, ms_per_batch},
//  "int":{images_per_s, ms_per_batch, engine, isa} | absent with "int_unavailable": reason, "speedup", "isa",
//  "int_by_isa":{<isa>:{ms_per_batch, speedup}} (fast engine: every SIMD path the CPU has), "op_share":{…},
//  "wbits", and with several widths "int_by_wbits":{<bits>:{<isa>:{ms_per_batch, speedup}}}}
nlohmann::json runInferenceBench(const BenchRequest& request);

}  // namespace vq
