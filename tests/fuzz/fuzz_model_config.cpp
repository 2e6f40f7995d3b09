// config.json (architecture, model_args, pretrained_cfg) as `loadModel` reads a model folder: parse,
// build the architecture under the model-size budget, then load the built-in DeiT's weights into it.
#include "fuzz_support.h"

#include "core/model/zoo.h"
#include "core/util/allocation_budget.h"

namespace {
std::filesystem::path folder;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vq::fuzz::singleThreaded();
  // libFuzzer counts any allocation above its 2 GB RSS limit as a finding, so the budget must sit below it.
  vq::setMaxModelBytes(256ull << 20);
  folder = vq::fuzz::scratchDir("model-config");
  vq::fuzz::linkFile(std::filesystem::path(vq::builtinModelFolder("deit-fashion")) / "model.safetensors",
                     folder / "model.safetensors");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vq::fuzz::writeBytes(folder / "config.json", data, size);
  return vq::fuzz::expectOnlyInputErrors([&] { vq::loadModel(folder.string()); });
}
