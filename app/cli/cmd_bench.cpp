// vitquant bench --model MODEL|arch:NAME --batch B [--threads T] [--warmup W] [--repeats R] [--engine E] [--isa I] [--wbits W,...] --json
// LibTorch FP32 and the integer-only engine on the same random batch, in the same run (bench/inference_bench.h).
// vitquant bench --kernels [--json]: the GEMM micro-kernels alone against this CPU's instruction limits
// (bench/kernel_bench.h).
#include "app/cli/command.h"
#include "bench/inference_bench.h"
#include "bench/kernel_bench.h"
#include "core/util/error.h"

#include <iomanip>
#include <iostream>
#include <memory>

namespace vq::cli {
namespace {

struct BenchOptions {
  CommonOptions common;
  BenchRequest request;
  bool kernels = false;
};

void printKernels(const nlohmann::json& j) {
  std::cout << "GEMM micro-kernels, one thread, DeiT-S shapes (GMAC/s per core; limit: this CPU's instruction throughput)\n";
  for (const auto& k : j["kernels"]) {
    std::cout << "  " << std::left << std::setw(11) << k["isa"].get<std::string>() << " W" << k["weight_bits"].get<int>() << "  " << std::setw(8)
              << k["gemm"].get<std::string>() << std::right << std::fixed << std::setprecision(1) << std::setw(7)
              << k["gmac_per_core"].get<double>();
    if (!k["limit_gmac_per_core"].is_null())
      std::cout << "  of " << std::setw(6) << k["limit_gmac_per_core"].get<double>() << " (" << std::setprecision(0)
                << 100 * k["efficiency"].get<double>() << "%)";
    std::cout << "\n";
  }
}

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
  if (j.contains("int_by_wbits"))
    for (const auto& [bits, byIsa] : j["int_by_wbits"].items()) {
      std::cout << "  W" << bits << "A8:";
      for (const auto& [isa, t] : byIsa.items())
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
  cmd->add_option("--model", r.model, "builtin:<name> | arch:<timm name> | a model folder (float or integer)");
  cmd->add_option("--batch", r.batch, "images per batch")->check(CLI::Range(1, 4096));
  cmd->add_option("--warmup", r.warmup, "untimed warm-up passes")->check(CLI::Range(0, 1000));
  cmd->add_option("--repeats", r.repeats, "timed passes (the median is reported)")->check(CLI::Range(1, 10000));
  cmd->add_option("--engine", r.engine, "integer engine: fast | reference")->check(CLI::IsMember({"fast", "reference"}));
  cmd->add_option("--isa", r.isa, "the fast engine's instruction set: portable | avx2 | avxvnni | avx512vnni (default: the best this CPU has, or VQ_ISA)");
  cmd->add_flag("--portable", r.portable, "also time the portable (plain C++) path in the per-ISA table");
  cmd->add_option("--wbits", r.weightBits,
                  "weight widths of the integer models made from a float model, e.g. 8,4 (the transformer layers; default 8)")
      ->delimiter(',')
      ->check(CLI::Range(2, 8));
  cmd->add_flag("--kernels", opts->kernels, "time the GEMM micro-kernels alone (every ISA path, 8- and 4-bit weights) against this CPU's instruction limits");
  cmd->add_option("--seed", r.seed, "seed for random weights and inputs");
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    if (opts->kernels) {
      if (!opts->request.model.empty()) usageError("--kernels times the micro-kernels alone: leave out --model");
      const auto k = runKernelBench();
      if (opts->common.json)
        printJson(k);
      else
        printKernels(k);
      return;
    }
    if (opts->request.model.empty()) usageError("--model is required (or --kernels)");
    const auto j = runInferenceBench(opts->request);
    if (opts->common.json)
      printJson(j);
    else
      print(j);
  });
}

}  // namespace vq::cli
