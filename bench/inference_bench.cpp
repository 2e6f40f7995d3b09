#include "bench/inference_bench.h"

#include "bench/timed_kernels.h"
#include "core/integer/integer_model.h"
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

// Median milliseconds per forward pass.
double timeForward(VisionModel& model, const torch::Tensor& input, int warmup, int repeats) {
  c10::InferenceMode inference;
  for (int i = 0; i < warmup; ++i) model.forward(input);
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    model.forward(input);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return median(ms);
}

nlohmann::json speed(double msPerBatch, int batch) { return {{"images_per_s", 1000.0 * batch / msPerBatch}, {"ms_per_batch", msPerBatch}}; }

}  // namespace

nlohmann::json runInferenceBench(const BenchRequest& r) {
  torch::manual_seed(static_cast<int64_t>(r.seed));
  const auto& engine = kernelsByName(r.engine);
  auto opened = openModel(r.model);
  std::shared_ptr<IntegerModel> integer = std::dynamic_pointer_cast<IntegerModel>(opened.model);
  // The float model: the folder's own weights for an integer folder, else the model itself.
  const auto fp = integer ? loadModel(opened.folder) : opened;
  const auto& size = fp.config.pretrained.inputSize;
  const auto input = torch::randn({r.batch, size[0], size[1], size[2]});
  fp.model->checkInput(input, r.model);

  nlohmann::json j = {{"model", r.model}, {"batch", r.batch}, {"threads", at::get_num_threads()}, {"warmup", r.warmup}, {"repeats", r.repeats}};
  const double fpMs = timeForward(*fp.model, input, r.warmup, r.repeats);
  j["fp32"] = speed(fpMs, r.batch);

  if (!integer) {
    try {
      integer = makeIntegerModel(*fp.model, r.model);
      integer->calibrate(torch::randn({std::max(r.batch, 4), size[0], size[1], size[2]}));
    } catch (const Error& e) {
      j["int_unavailable"] = e.what();
      return j;
    }
  }
  integer->setKernels(engine);
  const double intMs = timeForward(*integer, input, r.warmup, r.repeats);
  j["int"] = speed(intMs, r.batch);
  j["int"]["engine"] = engine.name();
  j["speedup"] = fpMs / intMs;

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
