// vitquant predict --model MODEL [--topk K] [--compare [ivit:]DIR] IMAGE...
// Top-k classes per image; with --compare, the same images through a second model (for example the
// integer-only model made from MODEL) side by side, with their agreement and time.
#include "app/cli/command.h"
#include "core/eval/predict.h"
#include "core/quant/quant_model.h"
#include "core/util/error.h"

#include <chrono>
#include <cstdio>
#include <memory>

namespace vq::cli {
namespace {

struct PredictOptions {
  CommonOptions common;
  std::string model, compare;
  int64_t topk = 5;
  std::vector<std::string> images;
};

struct TimedPredictions {
  std::vector<ImagePrediction> predictions;
  double seconds = 0;
};

TimedPredictions predictTimed(const LoadedModel& m, const PredictOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  auto p = predictImages(*m.model, m.config, o.images, o.topk);
  return {std::move(p), std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
}

nlohmann::json topJson(const ImagePrediction& p) {
  nlohmann::json top = nlohmann::json::array();
  for (const auto& s : p.top) top.push_back({{"class", s.index}, {"label", s.label}, {"probability", s.probability}});
  return top;
}

std::string describe(const ClassScore& s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%6.2f%%  %s", 100.0 * s.probability, s.label.c_str());
  return buf;
}

void run(const PredictOptions& o) {
  const auto loaded = openModel(o.model);
  const auto first = predictTimed(loaded, o);
  if (o.compare.empty()) {
    if (o.common.json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& p : first.predictions) list.push_back({{"image", p.image}, {"top", topJson(p)}});
      printJson({{"model", o.model}, {"topk", o.topk}, {"predictions", list}});
      return;
    }
    for (const auto& p : first.predictions) {
      std::printf("%s\n", p.image.c_str());
      for (const auto& s : p.top) std::printf("  %s (%lld)\n", describe(s).c_str(), static_cast<long long>(s.index));
    }
    return;
  }

  const std::string spec = o.compare.rfind("ivit:", 0) == 0 ? o.compare.substr(5) : o.compare;
  const auto other = openModel(spec);
  if (other.config.numClasses != loaded.config.numClasses)
    inputError(spec, "predicts " + std::to_string(other.config.numClasses) + " classes, " + o.model + " " + std::to_string(loaded.config.numClasses));
  const auto second = predictTimed(other, o);
  int64_t agree = 0;
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < first.predictions.size(); ++i) {
    const auto& a = first.predictions[i];
    const auto& b = second.predictions[i];
    const bool same = a.top.front().index == b.top.front().index;
    agree += same;
    list.push_back({{"image", a.image}, {"model", topJson(a)}, {"compare", topJson(b)}, {"top1_agrees", same}});
  }
  const auto n = static_cast<int64_t>(first.predictions.size());
  if (o.common.json) {
    printJson({{"model", o.model}, {"compare", spec}, {"topk", o.topk}, {"agreement", static_cast<double>(agree) / n},
               {"seconds", {{"model", first.seconds}, {"compare", second.seconds}}}, {"predictions", list}});
    return;
  }
  std::printf("%-40s | %s\n", o.model.c_str(), spec.c_str());
  for (size_t i = 0; i < first.predictions.size(); ++i) {
    const auto& a = first.predictions[i];
    const auto& b = second.predictions[i];
    std::printf("%s  [%s]\n", a.image.c_str(), a.top.front().index == b.top.front().index ? "top-1 agrees" : "top-1 DIFFERS");
    for (size_t k = 0; k < a.top.size(); ++k) std::printf("  %-38s | %s\n", describe(a.top[k]).c_str(), describe(b.top[k]).c_str());
  }
  std::printf("top-1 agreement %lld/%lld; time %.3f s | %.3f s\n", static_cast<long long>(agree), static_cast<long long>(n), first.seconds,
              second.seconds);
}

}  // namespace

void registerPredict(CLI::App& app) {
  auto opts = std::make_shared<PredictOptions>();
  auto* cmd = app.add_subcommand("predict", "Classify image files (PNG, JPEG, BMP, TIFF, WebP, PNM)");
  cmd->add_option("--model", opts->model, "builtin:<name> | arch:<timm name> | a model folder")->required();
  cmd->add_option("--topk", opts->topk, "classes to show per image")->check(CLI::Range(1, 1000));
  cmd->add_option("--compare", opts->compare, "a second model to run side by side ([ivit:]FOLDER or any MODEL)");
  cmd->add_option("images", opts->images, "image files")->required();
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    run(*opts);
  });
}

}  // namespace vq::cli
