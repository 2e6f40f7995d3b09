// safetensors, as `loadModel` reads model.safetensors: the header and offsets (parseSafetensors), then the
// tensors against a model's parameters (loadStateDict: names, shapes, dtypes).
#include "fuzz_support.h"

#include "core/io/safetensors.h"
#include "core/model/zoo.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vq::fuzz::singleThreaded();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto model = vq::loadModel("builtin:deit-fashion").model;
  return vq::fuzz::expectOnlyInputErrors([&] {
    const auto file = vq::parseSafetensors(vq::fuzz::bytesOf(data, size), "fuzz.safetensors");
    vq::loadStateDict(*model, file, "fuzz.safetensors");
  });
}
