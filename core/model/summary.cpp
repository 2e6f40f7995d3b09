#include "core/model/summary.h"

#include <torch/torch.h>

#include <cctype>
#include <map>

namespace vq {
namespace {

// "vq::QLinearImpl" → "Linear": the layer kind a user recognises, without our C++ decorations.
std::string moduleKind(std::string name) {
  if (name.rfind("vq::", 0) == 0) name = name.substr(4);
  if (name.size() > 4 && name.compare(name.size() - 4, 4, "Impl") == 0) name.resize(name.size() - 4);
  if (name.size() > 1 && name[0] == 'Q' && std::isupper(static_cast<unsigned char>(name[1]))) name = name.substr(1);
  return name;
}

}  // namespace

int64_t parameterCount(const VisionModel& model) {
  int64_t n = 0;
  for (const auto& p : model.parameters(true)) n += p.numel();
  return n;
}

nlohmann::json describeModel(const LoadedModel& loaded) {
  const auto& cfg = loaded.config;
  const auto& model = *loaded.model;
  nlohmann::json j;
  j["model"] = loaded.spec;
  j["architecture"] = cfg.architecture;
  j["family"] = model.family();
  j["num_classes"] = cfg.numClasses;
  j["parameters"] = parameterCount(model);
  j["input_size"] = cfg.pretrained.inputSize;
  j["mean"] = cfg.pretrained.mean;
  j["std"] = cfg.pretrained.std;
  j["crop_pct"] = cfg.pretrained.cropPct;
  j["interpolation"] = cfg.pretrained.interpolation;
  j["label_names"] = cfg.pretrained.labelNames;
  j["model_args"] = cfg.modelArgs;

  std::map<std::string, int> kinds;
  nlohmann::json sites = nlohmann::json::array();
  for (const auto& s : model.sites().sites()) {
    ++kinds[siteKindName(s.kind)];
    sites.push_back(s.name);
  }
  j["site_count"] = model.sites().sites().size();
  j["site_kinds"] = kinds;
  j["sites"] = sites;

  nlohmann::json units = nlohmann::json::array();
  for (const auto& u : model.units()) units.push_back({{"path", u.path}, {"kind", u.kind}});
  j["units"] = units;

  // Leaf modules with their parameter shapes: the "layers" a user browses.
  nlohmann::json modules = nlohmann::json::array();
  for (const auto& item : model.named_modules("", false)) {
    const auto& module = item.value();
    if (!module->children().empty()) continue;
    nlohmann::json params = nlohmann::json::object();
    for (const auto& p : module->named_parameters(false)) params[p.key()] = p.value().sizes().vec();
    if (params.empty()) continue;
    modules.push_back({{"path", item.key()}, {"type", moduleKind(module->name())}, {"parameters", params}});
  }
  j["modules"] = modules;
  if (cfg.extra.contains("training")) j["training"] = cfg.extra["training"];
  if (!loaded.quant.is_null()) j["quant"] = loaded.quant;
  return j;
}

}  // namespace vq
