#pragma once
// `vitquant bench`: LibTorch FP32 and the integer-only engine timed in the same run on the same random
// batch — warm-up passes, then the median of timed repeats — with the integer engine's time split by
// kernel kind. A float model is converted on the fly with a quick calibration on random inputs (speed
// does not depend on the weights' values); an integer model folder is timed against its own float model.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace vq {

struct BenchRequest {
  std::string model;
  int batch = 8, warmup = 3, repeats = 10;
  uint64_t seed = 0;
  std::string engine = "fast";  // the integer engine to time: fast | reference
};

// {"model","batch","threads","warmup","repeats","fp32":{images_per_s, ms_per_batch},
//  "int":{images_per_s, ms_per_batch, engine} | absent with "int_unavailable": reason, "speedup","op_share":{…}}
nlohmann::json runInferenceBench(const BenchRequest& request);

}  // namespace vq
