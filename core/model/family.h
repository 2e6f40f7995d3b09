#pragma once
// One entry per architecture family; the zoo loops over the table (docs/design/architecture.md §5).
#include "core/model/config.h"
#include "core/model/model.h"

#include <optional>
#include <string>

namespace vq {

struct ModelFamily {
  const char* name;  // "vit", "swin", "mobilevit", "mobilevitv2"
  // True when the timm model name belongs to this family and is a size the family knows.
  bool (*matches)(const std::string& architecture);
  // Builds the model from the name's defaults overridden by model_args (timm semantics).
  // Must consume every model_args key it understands; the zoo rejects the rest.
  VisionModelPtr (*create)(const ModelConfig& cfg, ModelArgs& args);
  // timm's pretrained_cfg defaults for the name (input size, mean/std, crop_pct, interpolation).
  PretrainedCfg (*defaults)(const std::string& architecture);
  const char* examples;  // a few names, for error messages and --help
};

const ModelFamily& vitFamily();
const ModelFamily& swinFamily();
const ModelFamily& mobileVitFamily();
const ModelFamily& mobileVitV2Family();

// Helpers for the family files.
// The number in a piece of an architecture name ("224", the "16" of "patch16"): digits only, at most six of
// them (no patch, window or resolution is larger); nullopt otherwise, so that a hostile name is not a model.
std::optional<int64_t> nameNumber(const std::string& digits);
// Splits on '_'.
std::vector<std::string> nameParts(const std::string& architecture);

}  // namespace vq
