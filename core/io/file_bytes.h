#pragma once
// Reading whole files with a size cap: the first defence of every reader in core/data.
#include <cstdint>
#include <string>

namespace vq {

// Reads the regular file at `path` into memory. Throws vq::Error(Input) naming the file when it is
// missing, not a regular file, unreadable, or larger than maxBytes (checked before reading).
std::string readFileBytes(const std::string& path, uint64_t maxBytes);

}  // namespace vq
