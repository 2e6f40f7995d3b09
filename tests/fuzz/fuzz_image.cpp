// Image files (PNG, JPEG, BMP, TIFF, WebP, PNM) through the project's header probe and OpenCV decoding.
#include "fuzz_support.h"

#include "core/data/image.h"

// The CLI allows 64 megapixels; a valid header of that size would make every such input a 200 MB decode
// and the fuzzer's time-outs would be about speed, not bugs. The size check itself is the same code.
constexpr int64_t kFuzzMaxPixels = 4'000'000;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vq::fuzz::singleThreaded();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return vq::fuzz::expectOnlyInputErrors(
      [&] { vq::decodeImage(vq::fuzz::bytesOf(data, size), "fuzz.img", kFuzzMaxPixels); });
}
