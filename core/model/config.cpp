#include "core/model/config.h"

#include "core/io/json_file.h"

#include "core/util/error.h"

#include <algorithm>

namespace vq {
namespace {

std::vector<double> readDoubles(const nlohmann::json& j, const std::string& key, const std::string& source, size_t n) {
  if (!j.is_array() || j.size() != n) inputError(source, "pretrained_cfg." + key + " must be a list of " + std::to_string(n) + " numbers");
  std::vector<double> out;
  for (const auto& v : j) {
    if (!v.is_number()) inputError(source, "pretrained_cfg." + key + " must hold numbers");
    out.push_back(v.get<double>());
  }
  return out;
}

std::vector<std::string> readLabelNames(const nlohmann::json& j, const std::string& key, const std::string& source, int64_t classes) {
  std::vector<std::string> names;
  if (!j.is_array()) inputError(source, key + " must be a list of strings");
  for (const auto& v : j) {
    if (!v.is_string()) inputError(source, key + " must be a list of strings");
    names.push_back(v.get<std::string>());
  }
  if (static_cast<int64_t>(names.size()) != classes)
    inputError(source, key + " has " + std::to_string(names.size()) + " names for " + std::to_string(classes) + " classes");
  return names;
}

}  // namespace

ModelConfig parseModelConfig(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) inputError(source, "config is not a JSON object");
  ModelConfig cfg;
  if (!j.contains("architecture") || !j["architecture"].is_string() || j["architecture"].get<std::string>().empty())
    inputError(source, "config lacks \"architecture\" (a timm model name)");
  cfg.architecture = j["architecture"].get<std::string>();
  if (j.contains("num_classes")) {
    if (!j["num_classes"].is_number_integer() || j["num_classes"].get<int64_t>() < 1 || j["num_classes"].get<int64_t>() > 1000000)
      inputError(source, "num_classes must be a positive integer");
    cfg.numClasses = j["num_classes"].get<int64_t>();
  }
  if (j.contains("model_args")) {
    if (!j["model_args"].is_object()) inputError(source, "model_args must be an object");
    cfg.modelArgs = j["model_args"];
    if (cfg.modelArgs.contains("num_classes")) {
      const auto& n = cfg.modelArgs["num_classes"];
      if (!n.is_number_integer() || n.get<int64_t>() < 1) inputError(source, "model_args.num_classes must be a positive integer");
      cfg.numClasses = n.get<int64_t>();
      cfg.modelArgs.erase("num_classes");
    }
  }
  if (j.contains("pretrained_cfg")) {
    const auto& p = j["pretrained_cfg"];
    if (!p.is_object()) inputError(source, "pretrained_cfg must be an object");
    if (p.contains("input_size")) {
      const auto& s = p["input_size"];
      if (!s.is_array() || s.size() != 3) inputError(source, "pretrained_cfg.input_size must be [C, H, W]");
      cfg.pretrained.inputSize.clear();
      for (const auto& v : s) {
        if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 8192)
          inputError(source, "pretrained_cfg.input_size must hold positive integers up to 8192");
        cfg.pretrained.inputSize.push_back(v.get<int64_t>());
      }
    }
    const size_t channels = static_cast<size_t>(cfg.pretrained.inputSize[0]);
    if (p.contains("mean")) cfg.pretrained.mean = readDoubles(p["mean"], "mean", source, channels);
    if (p.contains("std")) cfg.pretrained.std = readDoubles(p["std"], "std", source, channels);
    for (double s : cfg.pretrained.std)
      if (!(s > 0)) inputError(source, "pretrained_cfg.std must be positive");
    if (p.contains("crop_pct")) {
      if (!p["crop_pct"].is_number() || !(p["crop_pct"].get<double>() > 0.05 && p["crop_pct"].get<double>() <= 1.0))
        inputError(source, "pretrained_cfg.crop_pct must be a number in (0.05, 1]");
      cfg.pretrained.cropPct = p["crop_pct"].get<double>();
    }
    if (p.contains("interpolation")) {
      if (!p["interpolation"].is_string()) inputError(source, "pretrained_cfg.interpolation must be a string");
      const auto interp = p["interpolation"].get<std::string>();
      if (interp != "bicubic" && interp != "bilinear" && interp != "nearest")
        inputError(source, "pretrained_cfg.interpolation '" + interp + "' is not bicubic, bilinear or nearest");
      cfg.pretrained.interpolation = interp;
    }
    if (p.contains("label_names")) cfg.pretrained.labelNames = readLabelNames(p["label_names"], "pretrained_cfg.label_names", source, cfg.numClasses);
  }
  // timm's save_for_hf writes the class names beside pretrained_cfg rather than in it.
  if (cfg.pretrained.labelNames.empty() && j.contains("label_names"))
    cfg.pretrained.labelNames = readLabelNames(j["label_names"], "label_names", source, cfg.numClasses);
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "architecture" && it.key() != "num_classes" && it.key() != "model_args" && it.key() != "pretrained_cfg" &&
        it.key() != "label_names")
      cfg.extra[it.key()] = it.value();
  return cfg;
}

ModelConfig readModelConfig(const std::string& path) {
  return parseModelConfig(readJsonFile(path, kMaxConfigJsonBytes), path);
}

nlohmann::json toJson(const ModelConfig& cfg) {
  nlohmann::json j = cfg.extra;
  j["architecture"] = cfg.architecture;
  j["num_classes"] = cfg.numClasses;
  j["model_args"] = cfg.modelArgs;
  nlohmann::json p;
  p["input_size"] = cfg.pretrained.inputSize;
  p["mean"] = cfg.pretrained.mean;
  p["std"] = cfg.pretrained.std;
  p["crop_pct"] = cfg.pretrained.cropPct;
  p["interpolation"] = cfg.pretrained.interpolation;
  if (!cfg.pretrained.labelNames.empty()) p["label_names"] = cfg.pretrained.labelNames;
  j["pretrained_cfg"] = p;
  return j;
}

// ---------------------------------------------------------------- ModelArgs
ModelArgs::ModelArgs(const nlohmann::json& args, std::string source) : args_(args), source_(std::move(source)) {}

const nlohmann::json* ModelArgs::lookup(const std::string& key) {
  used_.push_back(key);
  if (!args_.contains(key) || args_[key].is_null()) return nullptr;
  return &args_[key];
}

void ModelArgs::fail(const std::string& key, const std::string& problem) const {
  inputError(source_, "model_args." + key + ": " + problem);
}

int64_t ModelArgs::getInt(const std::string& key, int64_t fallback) {
  const auto* v = lookup(key);
  if (!v) return fallback;
  if (v->is_array() && v->size() == 2 && (*v)[0] == (*v)[1] && (*v)[0].is_number_integer())
    return (*v)[0].get<int64_t>();  // timm accepts square (h, w) pairs for sizes
  if (!v->is_number_integer()) fail(key, "expected an integer");
  return v->get<int64_t>();
}

double ModelArgs::getDouble(const std::string& key, double fallback) {
  const auto* v = lookup(key);
  if (!v) return fallback;
  if (!v->is_number()) fail(key, "expected a number");
  return v->get<double>();
}

bool ModelArgs::getBool(const std::string& key, bool fallback) {
  const auto* v = lookup(key);
  if (!v) return fallback;
  if (!v->is_boolean()) fail(key, "expected true or false");
  return v->get<bool>();
}

std::string ModelArgs::getString(const std::string& key, const std::string& fallback) {
  const auto* v = lookup(key);
  if (!v) return fallback;
  if (!v->is_string()) fail(key, "expected a string");
  return v->get<std::string>();
}

std::vector<int64_t> ModelArgs::getIntList(const std::string& key, const std::vector<int64_t>& fallback) {
  const auto* v = lookup(key);
  if (!v) return fallback;
  if (v->is_number_integer()) return {v->get<int64_t>()};
  if (!v->is_array()) fail(key, "expected a list of integers");
  std::vector<int64_t> out;
  for (const auto& e : *v) {
    if (!e.is_number_integer()) fail(key, "expected a list of integers");
    out.push_back(e.get<int64_t>());
  }
  return out;
}

void ModelArgs::rejectUnused(const std::string& family) const {
  for (auto it = args_.begin(); it != args_.end(); ++it)
    if (std::find(used_.begin(), used_.end(), it.key()) == used_.end())
      inputError(source_, "model_args." + it.key() + " is not an argument of " + family + " models");
}

}  // namespace vq
