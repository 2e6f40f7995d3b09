// vitquant eval --model MODEL --data DATA [--limit N] [--batch B] [--engine fast|reference|both] [--json]
// Top-1/top-5 accuracy; a progress bar on a terminal (never in --json mode). For an integer-only model,
// --engine picks the integer engine; `both` also checks that the two give bit-identical logits.
#include "app/cli/command.h"
#include "core/data/dataset.h"
#include "core/eval/engine_agreement.h"
#include "core/eval/evaluate.h"
#include "core/quant/quant_model.h"
#include "core/util/error.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace vq::cli {
namespace {

struct EvalCliOptions {
  CommonOptions common;
  std::string model, data;
  int64_t limit = -1, batch = 100;
  std::string engine = "fast";
};

void run(const EvalCliOptions& o) {
  const auto data = openDataset(o.data);
  const auto loaded = openModel(o.model);
  const auto progress = progressFor(o.common);
  auto* integer = dynamic_cast<IntegerModel*>(loaded.model.get());
  if (!integer && o.engine != "fast") usageError("--engine applies to integer-only models; " + o.model + " is not one");
  nlohmann::json agreement;
  if (integer && o.engine == "both") {
    const auto a = compareEngines(*integer, loaded.config.pretrained, *data, o.limit, o.batch, progress);
    if (progress) endProgress();
    agreement = {{"n", a.n}, {"differing", a.differing}, {"max_abs_diff", a.maxAbsDiff},
                 {"reference_seconds", a.referenceSeconds}, {"fast_seconds", a.fastSeconds}};
    if (!o.common.json)
      std::printf("engines: %lld of %lld images with differing logits (max |diff| %g); reference %.1f s, fast %.1f s\n",
                  static_cast<long long>(a.differing), static_cast<long long>(a.n), a.maxAbsDiff, a.referenceSeconds, a.fastSeconds);
  } else if (integer) {
    integer->setKernels(kernelsByName(o.engine));
  }
  EvalOptions options;
  options.limit = o.limit;
  options.batchSize = o.batch;
  const auto r = evaluate(*loaded.model, loaded.config.pretrained, *data, options, progress);
  if (progress) endProgress();
  if (o.common.json) {
    nlohmann::json j = {{"model", o.model}, {"data", data->spec()}, {"n", r.n}, {"top1", r.top1}, {"top5", r.top5}, {"seconds", r.seconds}};
    if (integer) j["engine"] = integer->kernels().name();
    if (!agreement.is_null()) j["engines"] = agreement;
    printJson(j);
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
  cmd->add_option("--engine", opts->engine, "integer-only models: fast | reference | both (checks bit-identical logits)")
      ->check(CLI::IsMember({"fast", "reference", "both"}));
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    run(*opts);
  });
}

}  // namespace vq::cli
