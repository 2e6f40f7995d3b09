#pragma once
// Reading a JSON file the user handed us (config.json, quant.json, a run folder's files) with a size cap:
// nlohmann::json keeps every value as a node of 16 bytes or more, so a file of N bytes can cost about
// 8·N bytes of memory once parsed, and the cap is what bounds it.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace vq {

constexpr uint64_t kMaxConfigJsonBytes = 16ull << 20;  // config.json: architecture, arguments, label names
constexpr uint64_t kMaxQuantJsonBytes = 64ull << 20;   // quant.json: per-channel scales of the largest models
constexpr uint64_t kMaxRunJsonBytes = 256ull << 20;    // run.json, histograms.json, sensitivity.json

// Throws vq::Error(Input) "<path>: <problem>" when the file is missing, larger than maxBytes (checked
// before reading) or not valid JSON.
nlohmann::json readJsonFile(const std::string& path, uint64_t maxBytes);

}  // namespace vq
