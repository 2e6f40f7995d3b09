// vitquant predict --model MODEL [--topk K] IMAGE...
#include "app/cli/command.h"
#include "core/eval/predict.h"
#include "core/quant/quant_model.h"

#include <cstdio>
#include <memory>

namespace vq::cli {
namespace {

struct PredictOptions {
  CommonOptions common;
  std::string model;
  int64_t topk = 5;
  std::vector<std::string> images;
};

void run(const PredictOptions& o) {
  const auto loaded = openModel(o.model);
  const auto predictions = predictImages(*loaded.model, loaded.config, o.images, o.topk);
  if (o.common.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : predictions) {
      nlohmann::json top = nlohmann::json::array();
      for (const auto& s : p.top) top.push_back({{"class", s.index}, {"label", s.label}, {"probability", s.probability}});
      list.push_back({{"image", p.image}, {"top", top}});
    }
    printJson({{"model", o.model}, {"topk", o.topk}, {"predictions", list}});
    return;
  }
  for (const auto& p : predictions) {
    std::printf("%s\n", p.image.c_str());
    for (const auto& s : p.top) std::printf("  %6.2f%%  %s (%lld)\n", 100.0 * s.probability, s.label.c_str(), static_cast<long long>(s.index));
  }
}

}  // namespace

void registerPredict(CLI::App& app) {
  auto opts = std::make_shared<PredictOptions>();
  auto* cmd = app.add_subcommand("predict", "Classify image files (PNG, JPEG, BMP, TIFF, WebP, PNM)");
  cmd->add_option("--model", opts->model, "builtin:<name> | arch:<timm name> | a model folder")->required();
  cmd->add_option("--topk", opts->topk, "classes to show per image")->check(CLI::Range(1, 1000));
  cmd->add_option("images", opts->images, "image files")->required();
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    run(*opts);
  });
}

}  // namespace vq::cli
