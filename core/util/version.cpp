#include "core/util/version.h"

#include <torch/version.h>

namespace vq {
std::string engineVersion() { return VQ_VERSION; }
std::string torchVersion() { return TORCH_VERSION; }
}  // namespace vq
