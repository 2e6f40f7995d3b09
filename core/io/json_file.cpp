#include "core/io/json_file.h"

#include "core/io/file_bytes.h"
#include "core/util/error.h"

namespace vq {

nlohmann::json readJsonFile(const std::string& path, uint64_t maxBytes) {
  const std::string text = readFileBytes(path, maxBytes);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    inputError(path, std::string("not valid JSON (") + e.what() + ")");
  }
}

}  // namespace vq
