#pragma once
// The model zoo: timm architectures by name, model folders (config.json + model.safetensors),
// built-in models shipped with the app, and seeded random models for benchmarks.
#include "core/io/safetensors.h"
#include "core/model/config.h"
#include "core/model/model.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vq {

struct LoadedModel {
  ModelConfig config;
  VisionModelPtr model;
  std::string spec;    // what the user named: "builtin:deit-fashion", "arch:...", or a folder
  std::string folder;  // the model folder ("" for arch:)
  nlohmann::json quant;  // a quantized folder's quant.json header (null for float models; see quant_model.h)
};

// Builds an architecture with random (seeded by the caller) weights; throws vq::Error(Input) naming `source`.
VisionModelPtr createModel(const ModelConfig& cfg, const std::string& source);

// A config for `arch:<timm name>`: model_args empty, pretrained_cfg from timm's defaults for that name.
ModelConfig defaultConfig(const std::string& architecture);

// MODEL = builtin:<name> | arch:<timm name> | a model folder. The model is in eval mode.
LoadedModel loadModel(const std::string& spec);

// Copies tensors into the model's parameters and buffers; every key must match by name and shape.
void loadStateDict(VisionModel& model, const SafeTensors& weights, const std::string& source);
SafeTensors stateDict(const VisionModel& model);

// Built-in models: names and the folder each lives in.
std::vector<std::string> builtinModelNames();
std::string builtinModelFolder(const std::string& name);
std::string resourceDir();

// Saves config.json + model.safetensors into `folder` (created if needed), each file atomically.
void saveModelFolder(const std::string& folder, const ModelConfig& cfg, const VisionModel& model);

// True when `name` is an architecture the zoo can build.
bool isKnownArchitecture(const std::string& name);
std::vector<std::string> architectureExamples();

}  // namespace vq
