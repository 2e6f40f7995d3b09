// vitquant info --model MODEL: architecture, parameters, preprocessing, sites and (for built-ins) how it was trained.
#include "app/cli/command.h"
#include "core/integer/isa.h"
#include "core/model/summary.h"
#include "core/quant/quant_model.h"

#include <iostream>
#include <memory>

namespace vq::cli {
namespace {

struct InfoOptions {
  CommonOptions common;
  std::string model;
};

void printText(const nlohmann::json& j) {
  std::cout << "model:        " << j["model"].get<std::string>() << "\n"
            << "architecture: " << j["architecture"].get<std::string>() << " (" << j["family"].get<std::string>() << ")\n"
            << "parameters:   " << j["parameters"].get<int64_t>() << "\n"
            << "classes:      " << j["num_classes"].get<int64_t>() << "\n"
            << "input:        " << j["input_size"].dump() << ", mean " << j["mean"].dump() << ", std " << j["std"].dump()
            << ", crop_pct " << j["crop_pct"].get<double>() << ", " << j["interpolation"].get<std::string>() << "\n";
  if (!j["label_names"].empty()) std::cout << "labels:       " << j["label_names"].dump() << "\n";
  std::cout << "sites:        " << j["site_count"].get<size_t>() << " " << j["site_kinds"].dump() << "\n"
            << "units:        " << j["units"].size() << " (reconstruction blocks and layers)\n";
  if (j.contains("training")) {
    const auto& t = j["training"];
    if (t.contains("test_top1")) std::cout << "test top1:    " << t["test_top1"].get<double>() << "\n";
    if (t.contains("command")) std::cout << "reproduce:    " << t["command"].get<std::string>() << "\n";
  }
  if (j.contains("quant")) {
    const auto& q = j["quant"];
    std::cout << "quantized:    " << q.value("method", "?") << " W" << q.value("wbits", 0) << "A" << q.value("abits", 0) << ", ";
    if (q.contains("integer"))
      std::cout << "integer-only (" << q["integer"].get<std::string>() << "; fast engine on " << isaName(activeIsa()) << ")\n";
    else
      std::cout << q.value("float_sites", nlohmann::json::array()).size() << " sites left in float\n";
  }
  std::cout << "modules:\n";
  for (const auto& m : j["modules"]) {
    std::cout << "  " << m["path"].get<std::string>();
    for (auto it = m["parameters"].begin(); it != m["parameters"].end(); ++it) std::cout << "  " << it.key() << it.value().dump();
    std::cout << "\n";
  }
}

}  // namespace

void registerInfo(CLI::App& app) {
  auto opts = std::make_shared<InfoOptions>();
  auto* cmd = app.add_subcommand("info", "Describe a model: architecture, parameters, preprocessing, quantizable sites");
  cmd->add_option("--model,model", opts->model, "builtin:<name> | arch:<timm name> | a model folder")->required();
  addCommonOptions(cmd, opts->common);
  cmd->callback([opts] {
    applyThreads(opts->common);
    const auto loaded = openModel(opts->model);
    const auto j = describeModel(loaded);
    if (opts->common.json)
      printJson(j);
    else
      printText(j);
  });
}

}  // namespace vq::cli
