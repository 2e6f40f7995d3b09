// vitquant bench --model MODEL|arch:NAME --batch B [--threads T] [--warmup W] [--repeats R] --json
// Times LibTorch FP32 forward passes on random inputs (warm-up, then the median of repeats).
#include "app/cli/command.h"
#include "core/quant/quant_model.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

namespace vq::cli {
namespace {

struct BenchOptions {
  CommonOptions common;
  std::string model;
  int batch = 8, warmup = 3, repeats = 10;
  uint64_t seed = 0;
};

double medianMs(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

void run(const BenchOptions& o) {
  torch::manual_seed(static_cast<int64_t>(o.seed));
  const auto loaded = openModel(o.model);
  auto& model = *loaded.model;
  const auto& size = loaded.config.pretrained.inputSize;
  const auto input = torch::randn({o.batch, size[0], size[1], size[2]});
  model.checkInput(input, o.model);

  c10::InferenceMode inference;
  for (int i = 0; i < o.warmup; ++i) model.forward(input);
  std::vector<double> ms;
  for (int i = 0; i < o.repeats; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    model.forward(input);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  const double msPerBatch = medianMs(ms);
  const double imagesPerS = 1000.0 * o.batch / msPerBatch;
  nlohmann::json j = {{"model", o.model},
                      {"batch", o.batch},
                      {"threads", at::get_num_threads()},
                      {"warmup", o.warmup},
                      {"repeats", o.repeats},
                      {"fp32", {{"images_per_s", imagesPerS}, {"ms_per_batch", msPerBatch}}}};
  if (o.common.json) {
    printJson(j);
  } else {
    std::cout << o.model << ", batch " << o.batch << ", " << at::get_num_threads() << " threads\n"
              << "  LibTorch FP32: " << imagesPerS << " images/s, " << msPerBatch << " ms/batch (median of " << o.repeats << ")\n";
  }
}

}  // namespace

void registerBench(CLI::App& app) {
  auto opts = std::make_shared<BenchOptions>();
  auto* cmd = app.add_subcommand("bench", "Measure inference speed (LibTorch FP32) on random inputs");
  cmd->add_option("--model", opts->model, "builtin:<name> | arch:<timm name> | a model folder")->required();
  cmd->add_option("--batch", opts->batch, "images per batch")->check(CLI::Range(1, 4096));
  cmd->add_option("--warmup", opts->warmup, "untimed warm-up passes")->check(CLI::Range(0, 1000));
  cmd->add_option("--repeats", opts->repeats, "timed passes (the median is reported)")->check(CLI::Range(1, 10000));
  cmd->add_option("--seed", opts->seed, "seed for random weights and inputs");
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    run(*opts);
  });
}

}  // namespace vq::cli
