// vitquant quantize --model MODEL --method METHOD --wbits W --abits A [--data DATA] [--calib N]
//                   [--eval-limit N] [--seed S] [--set KEY=VALUE …] [--epochs E] [--finetune-epochs E] [--save DIR]
//                   [--save-run DIR [--sensitivity-images N]] [--json]
// Quantizes with a method, then reports float and quantized accuracy measured on the same images.
// --save-run keeps the run as the studio does (summary, histograms, sensitivity, model): `vitquant report` reads it.
#include "app/cli/command.h"
#include "core/methods/method.h"
#include "core/methods/method_options.h"
#include "core/analysis/analysis_requests.h"
#include "core/run/quantize_run.h"
#include "core/run/run_folder.h"
#include "core/util/error.h"

#include <cstdio>
#include <filesystem>
#include <optional>
#include <memory>

namespace vq::cli {
namespace {

struct QuantizeCliOptions {
  CommonOptions common;
  QuantizeRequest request;
  std::vector<std::string> sets;
  std::string runDir;
  int64_t sensitivityImages = 200;
  int epochs = -1;          // --epochs: the QAT methods' `epochs` option
  int finetuneEpochs = -1;  // --finetune-epochs: ivit's `finetune_epochs` option
};

// The run folder: histograms of every site and (unless 0 images) each site's sensitivity, beside the summary.
void saveRun(const QuantizeCliOptions& o, const QuantizeRun& result, const ProgressFn& progress) {
  const auto histograms = runFolderHistograms(result.model, o.request.data, o.request.seed, progress);
  std::optional<SensitivityReport> sensitivity;
  if (o.sensitivityImages > 0) {
    SensitivityRequest request;
    request.data = o.request.data;
    request.limit = o.sensitivityImages;
    request.overflowImages = 0;  // the run folder keeps the sensitivity table only
    sensitivity = runSensitivity(result.model.loaded, request, progress).report;
  }
  saveRunFolder(o.runDir, result.summary, &result.model, histograms, sensitivity ? &*sensitivity : nullptr);
}

void run(QuantizeCliOptions& o) {
  if (o.epochs >= 0) o.sets.push_back("epochs=" + std::to_string(o.epochs));
  if (o.finetuneEpochs >= 0) o.sets.push_back("finetune_epochs=" + std::to_string(o.finetuneEpochs));
  o.request.options = parseKeyValues(o.sets);
  if (!o.runDir.empty() && std::filesystem::exists(o.runDir)) usageError("--save-run " + o.runDir + " already exists; runs are never overwritten");
  const auto progress = progressFor(o.common);
  std::optional<QuantizeRun> finished;
  {
    InterruptScope interrupt;
    try {
      finished = runQuantize(o.request, progress,
                             InterruptScope::token());
    } catch (const Cancelled&) {
      if (progress) endProgress();
      if (!o.request.saveDir.empty() && std::filesystem::exists(std::filesystem::path(o.request.saveDir) / "quant.json"))
        std::fprintf(stderr, "interrupted: %s holds the last checkpoint the method saved\n", o.request.saveDir.c_str());
      throw;
    }
  }
  const auto& result = *finished;
  if (!o.runDir.empty()) saveRun(o, result, progress);
  if (progress) endProgress();
  const auto& s = result.summary;
  if (o.common.json) {
    auto j = toJson(s);
    if (!o.runDir.empty()) j["run"] = o.runDir;
    printJson(j);
    return;
  }
  const auto& accuracy = s.accuracy.value();  // the CLI always evaluates
  std::printf("%s  %s W%dA%d  calib %lld  eval %lld images\n", o.request.model.c_str(), o.request.method.c_str(), o.request.wbits,
              o.request.abits, static_cast<long long>(s.calib), static_cast<long long>(accuracy.n));
  std::printf("  FP top1 %.4f   quantized top1 %.4f (top5 %.4f)   %.1f s\n", accuracy.fpTop1, accuracy.top1, accuracy.top5, s.seconds);
  if (!s.floatSites.empty()) std::printf("  left in float: %zu sites (first: %s)\n", s.floatSites.size(), s.floatSites.front().c_str());
  if (s.saved) std::printf("  saved to %s\n", s.saved->c_str());
  if (!o.runDir.empty()) std::printf("  run kept in %s (vitquant report --run %s --out report.pdf)\n", o.runDir.c_str(), o.runDir.c_str());
}

}  // namespace

void registerQuantize(CLI::App& app) {
  auto opts = std::make_shared<QuantizeCliOptions>();
  auto& r = opts->request;
  std::string methods;
  for (const auto& m : quantMethods()) methods += (methods.empty() ? "" : " | ") + m.name;
  auto* cmd = app.add_subcommand("quantize", "Quantize a model with a method and measure FP vs quantized accuracy");
  cmd->add_option("--model", r.model, "builtin:<name> | arch:<timm name> | a model folder")->required();
  cmd->add_option("--method", r.method, methods)->required();
  cmd->add_option("--wbits", r.wbits, "weight bits (2..8)")->required();
  cmd->add_option("--abits", r.abits, "activation bits (2..8)")->required();
  cmd->add_option("--data", r.data, "evaluation data (calibration uses its train split when it has one)")->capture_default_str();
  cmd->add_option("--calib", r.calib, "calibration images")->capture_default_str();
  cmd->add_option("--eval-limit", r.evalLimit, "evaluate only the first N images")->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  cmd->add_option("--seed", r.seed, "seed for calibration sampling and optimisation")->capture_default_str();
  cmd->add_option("--set", opts->sets, "method option KEY=VALUE (repeatable)");
  cmd->add_option("--epochs", opts->epochs, "training epochs of a QAT method (qvit); same as --set epochs=E")->check(CLI::Range(0, 1000));
  cmd->add_option("--finetune-epochs", opts->finetuneEpochs, "ivit's quantization-aware fine-tuning epochs; same as --set finetune_epochs=E")
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--save", r.saveDir, "write the quantized model folder (config.json, model.safetensors, quant.json)");
  cmd->add_option("--save-run", opts->runDir, "keep the run as a run folder (summary, histograms, sensitivity, model) for `report`");
  cmd->add_option("--sensitivity-images", opts->sensitivityImages, "with --save-run: images for the sensitivity analysis (0: none)")
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 30))
      ->capture_default_str();
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    run(*opts);
  });
}

}  // namespace vq::cli
