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

ModelOutline outlineModel(const LoadedModel& loaded) {
  const auto& cfg = loaded.config;
  const auto& model = *loaded.model;
  ModelOutline o{loaded.spec, cfg.architecture, model.family(), cfg.numClasses, parameterCount(model), cfg.pretrained.inputSize, {}, {}};
  for (const auto& s : model.sites().sites()) o.sites.push_back(s.name);
  // Leaf modules with their parameter shapes: the "layers" a user browses.
  for (const auto& item : model.named_modules("", false)) {
    const auto& module = item.value();
    if (!module->children().empty()) continue;
    ModuleOutline m{item.key(), moduleKind(module->name()), {}};
    for (const auto& p : module->named_parameters(false)) m.parameters.emplace_back(p.key(), p.value().sizes().vec());
    if (!m.parameters.empty()) o.modules.push_back(std::move(m));
  }
  return o;
}

nlohmann::json describeModel(const LoadedModel& loaded) {
  const auto& cfg = loaded.config;
  const auto& model = *loaded.model;
  const auto outline = outlineModel(loaded);
  nlohmann::json j;
  j["model"] = outline.model;
  j["architecture"] = outline.architecture;
  j["family"] = outline.family;
  j["num_classes"] = outline.numClasses;
  j["parameters"] = outline.parameters;
  j["input_size"] = outline.inputSize;
  j["mean"] = cfg.pretrained.mean;
  j["std"] = cfg.pretrained.std;
  j["crop_pct"] = cfg.pretrained.cropPct;
  j["interpolation"] = cfg.pretrained.interpolation;
  j["label_names"] = cfg.pretrained.labelNames;
  j["model_args"] = cfg.modelArgs;

  std::map<std::string, int> kinds;
  for (const auto& s : model.sites().sites()) ++kinds[siteKindName(s.kind)];
  j["site_count"] = outline.sites.size();
  j["site_kinds"] = kinds;
  j["sites"] = outline.sites;

  nlohmann::json units = nlohmann::json::array();
  for (const auto& u : model.units()) units.push_back({{"path", u.path}, {"kind", u.kind}});
  j["units"] = units;

  nlohmann::json modules = nlohmann::json::array();
  for (const auto& m : outline.modules) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, shape] : m.parameters) params[name] = shape;
    modules.push_back({{"path", m.path}, {"type", m.type}, {"parameters", params}});
  }
  j["modules"] = modules;
  if (cfg.extra.contains("training")) j["training"] = cfg.extra["training"];
  if (!loaded.quant.is_null()) j["quant"] = loaded.quant;
  return j;
}

}  // namespace vq
