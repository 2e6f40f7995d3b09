#pragma once
// What the fuzz targets share. A target feeds one input to the function the CLI calls; the project's
// own input error (vq::Error of kind Input, which the CLI prints as one `error:` line with exit 1) is a
// normal outcome. Anything else is a finding: a crash or sanitizer report (libFuzzer sees those itself),
// an error of the wrong kind, or any other exception escaping, which we turn into an abort with its text.
#include "core/model/zoo.h"
#include "core/util/allocation_budget.h"
#include "core/util/error.h"

#include <torch/torch.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace vq::fuzz {

inline std::string bytesOf(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

template <typename F>
int expectOnlyInputErrors(F&& readInput) {
  try {
    readInput();
  } catch (const vq::Error& e) {
    if (e.kind() == vq::ErrorKind::Input) return 0;
    std::fprintf(stderr, "FINDING: a reader raised a usage error for a bad file: %s\n", e.what());
    std::abort();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "FINDING: an exception other than vq::Error escaped: %s\n", e.what());
    std::abort();
  }
  return 0;
}

// A folder of this process's own for targets that must hand the reader a file on disk (in /dev/shm when
// there is one, so that writing an input per run costs no disk I/O). Removed at exit; a crash leaves it.
inline std::filesystem::path scratchDir(const std::string& target) {
  namespace fs = std::filesystem;
  static fs::path dir;
  const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  dir = base / ("vq-fuzz-" + target + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::atexit([] {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  });
  return dir;
}

inline void writeBytes(const std::filesystem::path& path, const uint8_t* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) {
    std::fprintf(stderr, "fuzz harness: cannot write %s\n", path.c_str());
    std::abort();
  }
}

// Links `link` to `target` (replacing what is there): a model folder whose other files stay valid.
inline void linkFile(const std::filesystem::path& target, const std::filesystem::path& link) {
  std::filesystem::remove(link);
  std::filesystem::create_symlink(std::filesystem::absolute(target), link);
}

// A scratch folder holding the built-in DeiT's files as links, but for `fuzzedFile`, which each input replaces.
inline std::filesystem::path builtinDeitFolderExcept(const std::string& target, const std::string& fuzzedFile) {
  const std::filesystem::path folder = scratchDir(target);
  for (const auto& entry : std::filesystem::directory_iterator(vq::builtinModelFolder("deit-fashion")))
    if (entry.path().filename() != fuzzedFile) linkFile(entry.path(), folder / entry.path().filename());
  return folder;
}

// One thread: a fuzzer runs one input at a time and OpenMP's pool only adds noise to its timing.
inline void singleThreaded() { torch::set_num_threads(1); }

// The model-size budget for targets that build models from a fuzzed config. The built-ins need under 5 MiB.
// A mutated config can name a valid large architecture (swin_small's defaults: 50 M parameters), whose
// initialisation under ASan takes over the 60-s time-out; what matters to the fuzzer is the refusal, and
// that path is the same at 32 MiB as at the 8 GiB default.
inline void limitModelSize() { vq::setMaxModelBytes(32ull << 20); }

}  // namespace vq::fuzz
