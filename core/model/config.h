#pragma once
// A model folder's config.json in the timm / Hugging Face layout (docs/design/architecture.md §2).
#include "core/data/pretrained_cfg.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vq {

struct ModelConfig {
  std::string architecture;     // timm model name, e.g. "deit_tiny_patch16_224"
  int64_t numClasses = 1000;
  nlohmann::json modelArgs = nlohmann::json::object();  // kwargs for timm.create_model
  PretrainedCfg pretrained;
  nlohmann::json extra = nlohmann::json::object();       // other top-level keys, kept verbatim (e.g. "training")
};

// Parses and validates; throws vq::Error(Input) naming `source` on any problem.
ModelConfig parseModelConfig(const nlohmann::json& j, const std::string& source);
ModelConfig readModelConfig(const std::string& path);
nlohmann::json toJson(const ModelConfig& cfg);

// Reads model_args with timm's semantics and remembers which keys were used, so that
// unknown keys can be reported (a misspelt override must not be silently ignored).
class ModelArgs {
public:
  ModelArgs(const nlohmann::json& args, std::string source);
  int64_t getInt(const std::string& key, int64_t fallback);
  double getDouble(const std::string& key, double fallback);
  bool getBool(const std::string& key, bool fallback);
  std::string getString(const std::string& key, const std::string& fallback);
  std::vector<int64_t> getIntList(const std::string& key, const std::vector<int64_t>& fallback);
  bool has(const std::string& key) const { return args_.contains(key); }
  // Throws naming every key that no getter asked for.
  void rejectUnused(const std::string& family) const;
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

private:
  const nlohmann::json* lookup(const std::string& key);
  nlohmann::json args_;
  std::string source_;
  std::vector<std::string> used_;
};

}  // namespace vq
