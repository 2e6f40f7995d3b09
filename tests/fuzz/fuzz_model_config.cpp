// config.json (architecture, model_args, pretrained_cfg) as `loadModel` reads a model folder: parse,
// build the architecture under the model-size budget, then load the built-in DeiT's weights into it.
#include "fuzz_support.h"


namespace {
std::filesystem::path folder;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vq::fuzz::singleThreaded();
  vq::fuzz::limitModelSize();
  folder = vq::fuzz::builtinDeitFolderExcept("model-config", "config.json");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vq::fuzz::writeBytes(folder / "config.json", data, size);
  return vq::fuzz::expectOnlyInputErrors([&] { vq::loadModel(folder.string()); });
}
