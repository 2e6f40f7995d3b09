// A saved run folder as `vitquant report` and the studio read it (readRunFolder). The first byte picks the
// file the rest of the input becomes: run.json, histograms.json or sensitivity.json; the other two files
// are a minimal valid run.json and nothing (both optional files may be absent).
#include "fuzz_support.h"

#include "core/run/run_folder.h"

namespace {
std::filesystem::path folder;
const char* const kFiles[] = {"run.json", "histograms.json", "sensitivity.json"};
const std::string kMinimalRun = R"({"model": "builtin:deit-fashion", "method": "minmax", "wbits": 8, "abits": 8, "calib": 1,
  "calib_data": "fashion-mnist:train", "data": "fashion-mnist:test", "seed": 0, "float_sites": [], "options": {}, "report": {},
  "seconds": 1.5})";
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  folder = vq::fuzz::scratchDir("run-folder");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int which = data[0] % 3;
  for (const char* file : kFiles) std::filesystem::remove(folder / file);
  if (which != 0) vq::fuzz::writeBytes(folder / "run.json", reinterpret_cast<const uint8_t*>(kMinimalRun.data()), kMinimalRun.size());
  vq::fuzz::writeBytes(folder / kFiles[which], data + 1, size - 1);
  return vq::fuzz::expectOnlyInputErrors([&] { vq::readRunFolder(folder.string()); });
}
