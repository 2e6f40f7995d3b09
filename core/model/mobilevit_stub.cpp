// Temporary placeholder until the mobilevit family lands.
#include "core/model/family.h"
namespace vq {
namespace {
bool matches(const std::string&) { return false; }
VisionModelPtr create(const ModelConfig&, ModelArgs&) { return nullptr; }
PretrainedCfg defaults(const std::string&) { return {}; }
}  // namespace
const ModelFamily& mobileVitFamily() {
  static const ModelFamily family{"mobilevit", &matches, &create, &defaults, "mobilevit (not yet available)"};
  return family;
}
}  // namespace vq
