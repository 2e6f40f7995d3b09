// Temporary placeholder until the mobilevitv2 family lands.
#include "core/model/family.h"
namespace vq {
namespace {
bool matches(const std::string&) { return false; }
VisionModelPtr create(const ModelConfig&, ModelArgs&) { return nullptr; }
PretrainedCfg defaults(const std::string&) { return {}; }
}  // namespace
const ModelFamily& mobileVitV2Family() {
  static const ModelFamily family{"mobilevitv2", &matches, &create, &defaults, "mobilevitv2 (not yet available)"};
  return family;
}
}  // namespace vq
