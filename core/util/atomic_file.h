#pragma once
// Files are written to a temporary name beside the target and renamed on success,
// so an interrupted or failed run never leaves a half-written file behind.
#include <functional>
#include <string>

namespace vq {

// Calls write(tmpPath) and renames tmpPath to path when it returns normally.
// On any exception the temporary file is removed and the exception propagates.
void writeAtomically(const std::string& path, const std::function<void(const std::string& tmpPath)>& write);

// Writes bytes to path atomically.
void writeFileAtomically(const std::string& path, const std::string& bytes);

}  // namespace vq
