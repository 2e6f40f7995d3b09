// Temporary placeholder until the swin family lands.
#include "core/model/family.h"
namespace vq {
namespace {
bool matches(const std::string&) { return false; }
VisionModelPtr create(const ModelConfig&, ModelArgs&) { return nullptr; }
PretrainedCfg defaults(const std::string&) { return {}; }
}  // namespace
const ModelFamily& swinFamily() {
  static const ModelFamily family{"swin", &matches, &create, &defaults, "swin (not yet available)"};
  return family;
}
}  // namespace vq
