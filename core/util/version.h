#pragma once
#include <string>

namespace vq {
// The engine's version (the project version) and the LibTorch it was built against.
std::string engineVersion();
std::string torchVersion();
}  // namespace vq
