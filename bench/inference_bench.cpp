#include "bench/inference_bench.h"

#include "bench/timed_kernels.h"
#include "core/integer/integer_model.h"
#include "core/integer/isa.h"
#include "core/quant/quant_model.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace vq {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double msOfOnePass(VisionModel& model, const torch::Tensor& input) {
  const auto t0 = std::chrono::steady_clock::now();
  model.forward(input);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// What one timed round runs: a model, and the ISA the fast engine uses for it (FP32 ignores it).
struct Contender {
  VisionModel* model;
  Isa isa;
  std::vector<double> ms;
};

// Warm-up passes of each contender, then `repeats` rounds that run every contender once in turn. The order
// rotates from round to round, as in bench/peers/compare.sh: whatever the slot right after LibTorch FP32
// costs (its worker threads may still be winding down), no contender always pays it.
void timeInterleaved(std::vector<Contender>& contenders, const torch::Tensor& input, int warmup, int repeats) {
  c10::InferenceMode inference;
  for (auto& c : contenders) {
    setActiveIsa(c.isa);
    for (int i = 0; i < warmup; ++i) c.model->forward(input);
  }
  const size_t n = contenders.size();
  for (int round = 0; round < repeats; ++round)
    for (size_t i = 0; i < n; ++i) {
      auto& c = contenders[(static_cast<size_t>(round) + i) % n];
      setActiveIsa(c.isa);
      c.ms.push_back(msOfOnePass(*c.model, input));
    }
}

nlohmann::json speed(double msPerBatch, int batch) { return {{"images_per_s", 1000.0 * batch / msPerBatch}, {"ms_per_batch", msPerBatch}}; }

}  // namespace

nlohmann::json runInferenceBench(const BenchRequest& r) {
  torch::manual_seed(static_cast<int64_t>(r.seed));
  const auto& engine = kernelsByName(r.engine);
  const Isa chosenIsa = r.isa.empty() ? activeIsa() : parseIsa(r.isa, "--isa");
  setActiveIsa(chosenIsa);  // refuses an ISA this CPU lacks before anything is timed
  auto opened = openModel(r.model);
  std::shared_ptr<IntegerModel> integer = std::dynamic_pointer_cast<IntegerModel>(opened.model);
  // The float model: the folder's own weights for an integer folder, else the model itself.
  const auto fp = integer ? loadModel(opened.folder) : opened;
  const auto& size = fp.config.pretrained.inputSize;
  const auto input = torch::randn({r.batch, size[0], size[1], size[2]});
  fp.model->checkInput(input, r.model);

  nlohmann::json j = {{"model", r.model}, {"batch", r.batch}, {"threads", at::get_num_threads()}, {"warmup", r.warmup}, {"repeats", r.repeats}};
  const std::vector<int> widths = r.weightBits.empty() ? std::vector<int>{8} : r.weightBits;
  for (size_t i = 0; i < widths.size(); ++i)
    if (std::count(widths.begin(), widths.end(), widths[i]) > 1) usageError("--wbits lists " + std::to_string(widths[i]) + " twice");
  const bool integerFolder = static_cast<bool>(integer);
  if (integerFolder && !r.weightBits.empty()) usageError(r.model + ": an integer model folder has its own weight widths; --wbits is for float models");
  // Every width's model, calibrated on the same random images; integers[0] is the one reported as "int".
  std::vector<std::shared_ptr<IntegerModel>> integers;
  if (integer) integers.push_back(integer);
  else {
    const auto calibration = torch::randn({std::max(r.batch, 4), size[0], size[1], size[2]});
    try {
      for (int bits : widths) {
        integers.push_back(makeIntegerModel(*fp.model, r.model, bits));
        integers.back()->calibrate(calibration);
      }
      integer = integers.front();
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::Usage) throw;
      std::vector<Contender> fpOnly{{fp.model.get(), chosenIsa, {}}};
      timeInterleaved(fpOnly, input, r.warmup, r.repeats);
      j["fp32"] = speed(median(fpOnly[0].ms), r.batch);
      j["int_unavailable"] = e.what();
      return j;
    }
  }
  // Contender 0 is FP32; then per width the integer engine on the chosen ISA and (fast engine only) the other
  // paths, all in the same interleaved rounds.
  std::vector<Contender> contenders{{fp.model.get(), chosenIsa, {}}};
  std::vector<int> contenderBits{0};
  for (size_t i = 0; i < integers.size(); ++i) {
    integers[i]->setKernels(engine);
    contenders.push_back({integers[i].get(), chosenIsa, {}});
    contenderBits.push_back(widths[i]);
    if (r.engine == "fast")
      for (Isa isa : supportedIsas())
        if (isa != chosenIsa && (isa != Isa::Portable || r.portable)) {
          contenders.push_back({integers[i].get(), isa, {}});
          contenderBits.push_back(widths[i]);
        }
  }
  timeInterleaved(contenders, input, r.warmup, r.repeats);
  setActiveIsa(chosenIsa);

  const double fpMs = median(contenders[0].ms), intMs = median(contenders[1].ms);
  j["fp32"] = speed(fpMs, r.batch);
  j["int"] = speed(intMs, r.batch);
  j["int"]["engine"] = engine.name();
  j["int"]["isa"] = isaName(chosenIsa);
  j["isa"] = isaName(chosenIsa);
  j["speedup"] = fpMs / intMs;
  // An integer folder's widths are its own (null here); a converted float model's are the requested ones.
  j["wbits"] = integerFolder ? nlohmann::json() : nlohmann::json(widths.front());
  nlohmann::json byWidth = nlohmann::json::object();
  for (size_t i = 1; i < contenders.size(); ++i) {
    const double ms = median(contenders[i].ms);
    byWidth[std::to_string(contenderBits[i])][isaName(contenders[i].isa)] = {{"ms_per_batch", ms}, {"speedup", fpMs / ms}};
  }
  if (r.engine == "fast") j["int_by_isa"] = byWidth[std::to_string(widths.front())];
  if (widths.size() > 1) j["int_by_wbits"] = byWidth;

  // Where the time goes: a few more passes through timing wrappers; "other" is data movement, the input
  // quantizer, pooling and the logits' de-quantisation.
  TimedKernels timed(engine);
  integer->setKernels(timed);
  const int passes = std::max(1, std::min(r.repeats, 3));
  double totalMs = 0;
  {
    c10::InferenceMode inference;
    for (int i = 0; i < passes; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      integer->forward(input);
      totalMs += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
  }
  integer->setKernels(engine);
  nlohmann::json share = nlohmann::json::object();
  double known = 0;
  for (const auto& [kind, seconds] : timed.seconds()) {
    share[kind] = 1000.0 * seconds / totalMs;
    known += 1000.0 * seconds;
  }
  share["other"] = std::max(0.0, 1.0 - known / totalMs);
  j["op_share"] = share;
  return j;
}

}  // namespace vq
