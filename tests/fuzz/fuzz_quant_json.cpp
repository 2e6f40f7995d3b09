// quant.json beside the built-in DeiT's config and weights, as `openQuantizedModel` reads a quantized
// model folder: every site's quantizer is rebuilt from the file and one forward pass checks the shapes.
#include "fuzz_support.h"

#include "core/model/zoo.h"
#include "core/quant/quant_model.h"
#include "core/util/allocation_budget.h"

namespace {
std::filesystem::path folder;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vq::fuzz::singleThreaded();
  vq::setMaxModelBytes(256ull << 20);
  folder = vq::fuzz::scratchDir("quant-json");
  const std::filesystem::path builtin = vq::builtinModelFolder("deit-fashion");
  for (const char* file : {"config.json", "model.safetensors"}) vq::fuzz::linkFile(builtin / file, folder / file);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vq::fuzz::writeBytes(folder / "quant.json", data, size);
  return vq::fuzz::expectOnlyInputErrors([&] { vq::openQuantizedModel(folder.string()); });
}
