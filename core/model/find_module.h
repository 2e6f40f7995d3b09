#pragma once
// A model's sub-module by its path ("blocks.3.attn.qkv"), as the given type, or nullptr.
#include "core/model/model.h"

#include <string>

namespace vq {

template <typename Impl = torch::nn::Module>
Impl* findModule(VisionModel& model, const std::string& path) {
  for (const auto& m : model.named_modules("", false))
    if (m.key() == path) return dynamic_cast<Impl*>(m.value().get());
  return nullptr;
}

}  // namespace vq
