#include "core/util/atomic_file.h"

#include "core/util/error.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace vq {

void writeAtomically(const std::string& path, const std::function<void(const std::string&)>& write) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path tmp = target.parent_path() /
                       (std::string(".") + target.filename().string() + ".tmp" + std::to_string(::getpid()));
  try {
    write(tmp.string());
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    inputError(path, "cannot write file: " + ec.message());
  }
}

void writeFileAtomically(const std::string& path, const std::string& bytes) {
  writeAtomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) inputError(path, "cannot open for writing");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) inputError(path, "write failed (disk full?)");
  });
}

}  // namespace vq
