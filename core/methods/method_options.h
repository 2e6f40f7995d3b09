#pragma once
// A method's `--set KEY=VALUE` options: each method reads the keys it knows, with defaults, ranges and a
// line of help; whatever is left over is a misspelling and an error. The values actually used go into the
// JSON output. The same reads describe the options (OptionSpec) to the studio's generic options panel, so
// a key, its default and its help are written once, where the method uses them.
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace vq {

// One option as a method reads it: what the studio needs to render an editor with a tooltip.
struct OptionSpec {
  enum class Type { Int, Double, Bool, Text, Choice };
  std::string key;
  Type type = Type::Text;
  std::string defaultValue;  // as `--set` would spell it (defaults may depend on the bit widths)
  std::string help;
  double min = 0, max = 0;           // Int, Double
  std::vector<std::string> choices;  // Choice
};

// Thrown by finish() of a describing MethodOptions: the method has read every option and would start work.
struct OptionsDescribed {};

class MethodOptions {
public:
  MethodOptions(std::map<std::string, std::string> given, std::string method);
  // No values given; finish() throws OptionsDescribed so that a method stops right after reading its options.
  static MethodOptions describing(std::string method);
  // As describing(), but with values: each getter checks its value and finish() the unknown keys, then throws
  // OptionsDescribed. A sweep checks every option set this way before it starts a run.
  static MethodOptions checking(std::map<std::string, std::string> given, std::string method);

  // Each throws vq::Error(Usage) naming the key when the value does not parse or is out of range.
  int64_t getInt(const std::string& key, int64_t fallback, int64_t min, int64_t max, const std::string& help);
  double getDouble(const std::string& key, double fallback, double min, double max, const std::string& help);
  bool getBool(const std::string& key, bool fallback, const std::string& help);
  std::string getString(const std::string& key, const std::string& fallback, const std::string& help);
  std::string getChoice(const std::string& key, const std::string& fallback, const std::vector<std::string>& choices,
                        const std::string& help);

  // Throws vq::Error(Usage) for keys no getter asked for. Methods call it before any long work.
  void finish() const;
  const nlohmann::json& resolved() const { return resolved_; }
  // The options read so far, in the order first read.
  const std::vector<OptionSpec>& specs() const { return specs_; }

private:
  const std::string* find(const std::string& key);
  void record(OptionSpec spec);
  std::map<std::string, std::string> given_;
  std::string method_;
  bool describing_ = false;
  std::set<std::string> known_;
  std::vector<OptionSpec> specs_;
  nlohmann::json resolved_ = nlohmann::json::object();
};

// "KEY=VALUE" strings → map; throws vq::Error(Usage) for a malformed or repeated one.
std::map<std::string, std::string> parseKeyValues(const std::vector<std::string>& items);

}  // namespace vq
