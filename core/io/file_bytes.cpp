#include "core/io/file_bytes.h"

#include "core/util/error.h"

#include <filesystem>
#include <fstream>

namespace vq {

std::string readFileBytes(const std::string& path, uint64_t maxBytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) inputError(path, "no such file");
  if (ec) inputError(path, "cannot access file: " + ec.message());
  if (fs::is_directory(status)) inputError(path, "is a directory, not a file");
  if (!fs::is_regular_file(status)) inputError(path, "is not a regular file");
  const uint64_t size = fs::file_size(path, ec);
  if (ec) inputError(path, "cannot read file size: " + ec.message());
  if (size > maxBytes)
    inputError(path, "file is " + std::to_string(size) + " bytes, more than the " + std::to_string(maxBytes) +
                         "-byte limit for this kind of file");
  std::ifstream in(path, std::ios::binary);
  if (!in) inputError(path, "cannot open file");
  std::string bytes(static_cast<size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size)) inputError(path, "cannot read file (it changed while reading?)");
  return bytes;
}

}  // namespace vq
