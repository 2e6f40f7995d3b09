// IDX files, plain or gzip (Fashion-MNIST's format), read as images (3 dimensions) and as labels (1).
#include "fuzz_support.h"

#include "core/data/idx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes = vq::fuzz::bytesOf(data, size);
  vq::fuzz::expectOnlyInputErrors([&] { vq::parseIdx(bytes, "fuzz-images.idx", 3); });
  return vq::fuzz::expectOnlyInputErrors([&] { vq::parseIdx(bytes, "fuzz-labels.idx", 1); });
}
