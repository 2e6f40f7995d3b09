// quant.json beside the built-in DeiT's config and weights, as `openQuantizedModel` reads a quantized
// model folder: every site's quantizer is rebuilt from the file and one forward pass checks the shapes.
#include "fuzz_support.h"

#include "core/quant/quant_model.h"

namespace {
std::filesystem::path folder;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vq::fuzz::singleThreaded();
  vq::fuzz::limitModelSize();
  folder = vq::fuzz::builtinDeitFolderExcept("quant-json", "quant.json");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vq::fuzz::writeBytes(folder / "quant.json", data, size);
  return vq::fuzz::expectOnlyInputErrors([&] { vq::openQuantizedModel(folder.string()); });
}
