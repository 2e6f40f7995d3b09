// vitquant eval --model MODEL --data DATA [--limit N] [--batch B] [--json]
// Top-1/top-5 accuracy; a progress bar on a terminal (never in --json mode).
#include "app/cli/command.h"
#include "core/data/dataset.h"
#include "core/eval/evaluate.h"
#include "core/quant/quant_model.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace vq::cli {
namespace {

struct EvalCliOptions {
  CommonOptions common;
  std::string model, data;
  int64_t limit = -1, batch = 100;
};

void run(const EvalCliOptions& o) {
  const auto data = openDataset(o.data);
  const auto loaded = openModel(o.model);
  const bool showProgress = !o.common.json && stderrIsTerminal();
  EvalOptions options;
  options.limit = o.limit;
  options.batchSize = o.batch;
  const auto r = evaluate(*loaded.model, loaded.config.pretrained, *data, options,
                          showProgress ? ProgressFn([](double f, const std::string& phase) { drawProgress(phase, f); }) : ProgressFn());
  if (showProgress) endProgress();
  if (o.common.json) {
    printJson({{"model", o.model}, {"data", data->spec()}, {"n", r.n}, {"top1", r.top1}, {"top5", r.top5}, {"seconds", r.seconds}});
  } else {
    std::printf("%s on %s: top1 %.4f, top5 %.4f over %lld images (%.1f s)\n", o.model.c_str(), data->description().c_str(),
                r.top1, r.top5, static_cast<long long>(r.n), r.seconds);
  }
}

}  // namespace

void registerEval(CLI::App& app) {
  auto opts = std::make_shared<EvalCliOptions>();
  auto* cmd = app.add_subcommand("eval", "Measure top-1/top-5 accuracy on a data set");
  cmd->add_option("--model", opts->model, "builtin:<name> | arch:<timm name> | a model folder")->required();
  cmd->add_option("--data", opts->data, "fashion-mnist[:test|:train] | idx:<dir> | folder:<dir>")->required();
  cmd->add_option("--limit", opts->limit, "evaluate only the first N images")->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  cmd->add_option("--batch", opts->batch, "images per batch")->check(CLI::Range(1, 4096));
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    run(*opts);
  });
}

}  // namespace vq::cli
