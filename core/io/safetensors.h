#pragma once
// Reader and writer for the safetensors format: an 8-byte little-endian header length,
// a JSON header {name: {dtype, shape, data_offsets}}, then the raw tensor bytes.
// The reader checks every size and offset before use and refuses hostile files.
#include <torch/types.h>

#include <cstdint>
#include <map>
#include <string>

namespace vq {

struct SafeTensors {
  std::map<std::string, torch::Tensor> tensors;
  std::map<std::string, std::string> metadata;
};

// The largest safetensors file read (it is read whole, and its tensors are copied out of it): the weights
// of the largest model a config may build (allocation_budget.h).
constexpr uint64_t kMaxSafetensorsBytes = 8ull << 30;

// Throws vq::Error(Input) naming `path` on any problem.
SafeTensors readSafetensors(const std::string& path);

// Parses an in-memory file (used by readSafetensors and by fuzz tests); `name` is used in messages.
SafeTensors parseSafetensors(const std::string& bytes, const std::string& name);

// Serialises tensors (contiguous, little-endian, names sorted) and writes atomically.
std::string serializeSafetensors(const SafeTensors& file);
void writeSafetensors(const std::string& path, const SafeTensors& file);

}  // namespace vq
