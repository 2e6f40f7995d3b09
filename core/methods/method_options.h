#pragma once
// A method's `--set KEY=VALUE` options: each method reads the keys it knows, with defaults and ranges;
// whatever is left over is a misspelling and an error. The values actually used go into the JSON output.
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace vq {

class MethodOptions {
public:
  MethodOptions(std::map<std::string, std::string> given, std::string method);

  // Each throws vq::Error(Usage) naming the key when the value does not parse or is out of range.
  int64_t getInt(const std::string& key, int64_t fallback, int64_t min, int64_t max);
  double getDouble(const std::string& key, double fallback, double min, double max);
  bool getBool(const std::string& key, bool fallback);
  std::string getString(const std::string& key, const std::string& fallback);
  std::string getChoice(const std::string& key, const std::string& fallback, const std::vector<std::string>& choices);

  // Throws vq::Error(Usage) for keys no getter asked for.
  void finish() const;
  const nlohmann::json& resolved() const { return resolved_; }

private:
  const std::string* find(const std::string& key);
  std::map<std::string, std::string> given_;
  std::string method_;
  std::set<std::string> known_;
  nlohmann::json resolved_ = nlohmann::json::object();
};

// "KEY=VALUE" strings → map; throws vq::Error(Usage) for a malformed or repeated one.
std::map<std::string, std::string> parseKeyValues(const std::vector<std::string>& items);

}  // namespace vq
