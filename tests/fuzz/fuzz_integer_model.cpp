// integer.safetensors, the integer-only (I-ViT) model's multipliers, shifts and integer weights, as
// `openQuantizedModel` reads it: hostile shifts and multipliers reach the integer kernels' dry run.
// The other files of the folder come from a real ivit-quantized built-in DeiT named by VQ_FUZZ_IVIT_MODEL,
// whose integer.safetensors is the seed. scripts/fuzz.sh makes that folder first by running this program
// with VQ_FUZZ_PREPARE=DIR, which quantizes (the same runQuantize as `vitquant quantize`), saves and exits.
#include "fuzz_support.h"

#include "core/integer/integer_model.h"
#include "core/run/quantize_run.h"
#include "core/quant/quant_model.h"

namespace {
std::filesystem::path folder;

void prepareModel(const std::string& dir) {
  vq::QuantizeRequest request;
  request.model = "builtin:deit-fashion";
  request.method = "ivit";
  request.calib = 32;
  request.evaluate = false;
  request.saveDir = dir;
  vq::runQuantize(request);
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  vq::fuzz::singleThreaded();
  if (const char* dir = std::getenv("VQ_FUZZ_PREPARE")) {
    prepareModel(dir);
    std::exit(0);
  }
  vq::fuzz::limitModelSize();
  const char* model = std::getenv("VQ_FUZZ_IVIT_MODEL");
  if (!model || !std::filesystem::is_regular_file(std::filesystem::path(model) / "quant.json")) {
    std::fprintf(stderr, "fuzz_integer_model: set VQ_FUZZ_IVIT_MODEL to a folder made with VQ_FUZZ_PREPARE=DIR "
                         "(scripts/fuzz.sh does)\n");
    std::exit(2);
  }
  folder = vq::fuzz::scratchDir("integer-model");
  for (const char* file : {"config.json", "model.safetensors", "quant.json"})
    vq::fuzz::linkFile(std::filesystem::path(model) / file, folder / file);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vq::fuzz::writeBytes(folder / vq::kIntegerFile, data, size);
  return vq::fuzz::expectOnlyInputErrors([&] { vq::openQuantizedModel(folder.string()); });
}
