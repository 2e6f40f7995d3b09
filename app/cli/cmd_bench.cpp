// vitquant bench --model MODEL|arch:NAME --batch B [--threads T] [--warmup W] [--repeats R] [--engine E] [--isa I] --json
// LibTorch FP32 and the integer-only engine on the same random batch, in the same run (bench/inference_bench.h).
#include "app/cli/command.h"
#include "bench/inference_bench.h"

#include <iomanip>
#include <iostream>
#include <memory>

namespace vq::cli {
namespace {

struct BenchOptions {
  CommonOptions common;
  BenchRequest request;
};

void print(const nlohmann::json& j) {
  std::cout << j["model"].get<std::string>() << ", batch " << j["batch"] << ", " << j["threads"] << " thread(s), median of "
            << j["repeats"] << "\n"
            << std::fixed << std::setprecision(1) << "  LibTorch FP32: " << j["fp32"]["images_per_s"].get<double>() << " images/s, "
            << j["fp32"]["ms_per_batch"].get<double>() << " ms/batch\n";
  if (!j.contains("int")) {
    std::cout << "  integer-only: unavailable (" << j["int_unavailable"].get<std::string>() << ")\n";
    return;
  }
  std::cout << "  integer-only (" << j["int"]["engine"].get<std::string>() << ", " << j["isa"].get<std::string>()
            << "): " << j["int"]["images_per_s"].get<double>()
            << " images/s, " << j["int"]["ms_per_batch"].get<double>() << " ms/batch\n"
            << std::setprecision(2) << "  speed-up: " << j["speedup"].get<double>() << "x\n  time shares:";
  for (const auto& [kind, share] : j["op_share"].items()) std::cout << " " << kind << " " << std::setprecision(0) << 100 * share.get<double>() << "%";
  std::cout << "\n";
  if (j.contains("int_by_isa") && j["int_by_isa"].size() > 1) {
    std::cout << "  per ISA path:";
    for (const auto& [isa, t] : j["int_by_isa"].items())
      std::cout << " " << isa << " " << std::setprecision(1) << t["ms_per_batch"].get<double>() << " ms (" << std::setprecision(2)
                << t["speedup"].get<double>() << "x)";
    std::cout << "\n";
  }
}

}  // namespace

void registerBench(CLI::App& app) {
  auto opts = std::make_shared<BenchOptions>();
  auto& r = opts->request;
  auto* cmd = app.add_subcommand("bench", "Measure inference speed: LibTorch FP32 and the integer-only engine, same run");
  cmd->add_option("--model", r.model, "builtin:<name> | arch:<timm name> | a model folder (float or integer)")->required();
  cmd->add_option("--batch", r.batch, "images per batch")->check(CLI::Range(1, 4096));
  cmd->add_option("--warmup", r.warmup, "untimed warm-up passes")->check(CLI::Range(0, 1000));
  cmd->add_option("--repeats", r.repeats, "timed passes (the median is reported)")->check(CLI::Range(1, 10000));
  cmd->add_option("--engine", r.engine, "integer engine: fast | reference")->check(CLI::IsMember({"fast", "reference"}));
  cmd->add_option("--isa", r.isa, "the fast engine's instruction set: portable | avx2 | avxvnni | avx512vnni (default: the best this CPU has, or VQ_ISA)");
  cmd->add_flag("--portable", r.portable, "also time the portable (plain C++) path in the per-ISA table");
  cmd->add_option("--seed", r.seed, "seed for random weights and inputs");
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    const auto j = runInferenceBench(opts->request);
    if (opts->common.json)
      printJson(j);
    else
      print(j);
  });
}

}  // namespace vq::cli
