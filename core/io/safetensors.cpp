#include "core/io/safetensors.h"

#include "core/io/file_bytes.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstring>
#include <limits>
#include <vector>

namespace vq {
namespace {

constexpr uint64_t kMaxHeaderBytes = 100ull << 20;  // the format's own limit is 100 MB

struct DtypeInfo {
  const char* name;
  torch::ScalarType type;
  size_t bytes;
};

const DtypeInfo kDtypes[] = {
    {"F64", torch::kFloat64, 8}, {"F32", torch::kFloat32, 4}, {"F16", torch::kFloat16, 2},
    {"BF16", torch::kBFloat16, 2}, {"I64", torch::kInt64, 8},  {"I32", torch::kInt32, 4},
    {"I16", torch::kInt16, 2},     {"I8", torch::kInt8, 1},     {"U8", torch::kUInt8, 1},
    {"BOOL", torch::kBool, 1},
};

const DtypeInfo* dtypeByName(const std::string& name) {
  for (const auto& d : kDtypes)
    if (name == d.name) return &d;
  return nullptr;
}

const DtypeInfo& dtypeByType(torch::ScalarType type) {
  for (const auto& d : kDtypes)
    if (type == d.type) return d;
  throw Error(ErrorKind::Input, std::string("safetensors: unsupported tensor type ") + c10::toString(type));
}

}  // namespace

SafeTensors parseSafetensors(const std::string& bytes, const std::string& name) {
  if (bytes.size() < 8) inputError(name, "not a safetensors file (shorter than its 8-byte header length)");
  uint64_t headerLen = 0;
  for (int i = 7; i >= 0; --i) headerLen = (headerLen << 8) | static_cast<unsigned char>(bytes[i]);
  if (headerLen > kMaxHeaderBytes) inputError(name, "safetensors header length " + std::to_string(headerLen) + " exceeds 100 MB");
  if (headerLen > bytes.size() - 8)
    inputError(name, "safetensors header length " + std::to_string(headerLen) + " exceeds the file size " + std::to_string(bytes.size()));

  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + static_cast<std::ptrdiff_t>(headerLen));
  } catch (const nlohmann::json::exception& e) {
    inputError(name, std::string("safetensors header is not valid JSON (") + e.what() + ")");
  }
  if (!header.is_object()) inputError(name, "safetensors header is not a JSON object");

  const uint64_t dataSize = bytes.size() - 8 - headerLen;
  const char* data = bytes.data() + 8 + headerLen;
  SafeTensors out;
  std::vector<std::pair<uint64_t, uint64_t>> ranges;

  for (auto it = header.begin(); it != header.end(); ++it) {
    const std::string key = it.key();
    const auto& entry = it.value();
    if (key == "__metadata__") {
      if (!entry.is_object()) inputError(name, "__metadata__ is not an object");
      for (auto m = entry.begin(); m != entry.end(); ++m) {
        if (!m.value().is_string()) inputError(name, "__metadata__ value '" + m.key() + "' is not a string");
        out.metadata[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    const std::string where = "tensor '" + key + "'";
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
      inputError(name, where + " lacks dtype, shape or data_offsets");
    if (!entry["dtype"].is_string()) inputError(name, where + ": dtype is not a string");
    const DtypeInfo* dt = dtypeByName(entry["dtype"].get<std::string>());
    if (!dt) inputError(name, where + ": unsupported dtype " + entry["dtype"].get<std::string>());

    const auto& shapeJson = entry["shape"];
    if (!shapeJson.is_array() || shapeJson.size() > 16) inputError(name, where + ": shape is not an array of at most 16 sizes");
    std::vector<int64_t> shape;
    uint64_t numel = 1;
    for (const auto& s : shapeJson) {
      if (!s.is_number_unsigned()) inputError(name, where + ": shape holds a non-integer or negative size");
      const uint64_t v = s.get<uint64_t>();
      if (v > (1ull << 40) || (v != 0 && numel > (std::numeric_limits<uint64_t>::max() / 16) / v))
        inputError(name, where + ": shape is too large");
      numel *= v;
      shape.push_back(static_cast<int64_t>(v));
    }
    const auto& off = entry["data_offsets"];
    if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() || !off[1].is_number_unsigned())
      inputError(name, where + ": data_offsets is not a pair of non-negative integers");
    const uint64_t begin = off[0].get<uint64_t>(), end = off[1].get<uint64_t>();
    if (begin > end || end > dataSize)
      inputError(name, where + ": data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                           "] lie outside the " + std::to_string(dataSize) + "-byte data section");
    if (end - begin != numel * dt->bytes)
      inputError(name, where + ": " + std::to_string(end - begin) + " bytes do not hold shape of " +
                           std::to_string(numel) + " " + dt->name + " elements");
    ranges.emplace_back(begin, end);

    auto tensor = torch::empty(shape, torch::TensorOptions().dtype(dt->type));
    if (numel > 0) std::memcpy(tensor.data_ptr(), data + begin, end - begin);
    out.tensors.emplace(key, std::move(tensor));
  }
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i)
    if (ranges[i].first < ranges[i - 1].second) inputError(name, "safetensors tensors overlap in the data section");
  return out;
}

SafeTensors readSafetensors(const std::string& path) {
  return parseSafetensors(readFileBytes(path, kMaxSafetensorsBytes), path);
}

std::string serializeSafetensors(const SafeTensors& file) {
  nlohmann::json header = nlohmann::json::object();
  if (!file.metadata.empty()) header["__metadata__"] = file.metadata;
  std::vector<torch::Tensor> ordered;
  uint64_t offset = 0;
  for (const auto& [name, t] : file.tensors) {
    const auto& dt = dtypeByType(t.scalar_type());
    auto c = t.detach().to(torch::kCPU).contiguous();
    const uint64_t n = static_cast<uint64_t>(c.numel()) * dt.bytes;
    header[name] = {{"dtype", dt.name}, {"shape", c.sizes().vec()}, {"data_offsets", {offset, offset + n}}};
    offset += n;
    ordered.push_back(c);
  }
  std::string headerText = header.dump();
  while ((headerText.size() % 8) != 0) headerText.push_back(' ');  // keep tensor data 8-byte aligned
  std::string bytes(8, '\0');
  const uint64_t len = headerText.size();
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((len >> (8 * i)) & 0xff);
  bytes += headerText;
  for (const auto& t : ordered)
    bytes.append(static_cast<const char*>(t.data_ptr()), t.numel() * t.element_size());
  return bytes;
}

void writeSafetensors(const std::string& path, const SafeTensors& file) {
  writeFileAtomically(path, serializeSafetensors(file));
}

}  // namespace vq
