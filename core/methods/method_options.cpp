#include "core/methods/method_options.h"

#include "core/util/error.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace vq {
namespace {

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

MethodOptions::MethodOptions(std::map<std::string, std::string> given, std::string method)
    : given_(std::move(given)), method_(std::move(method)) {}

MethodOptions MethodOptions::describing(std::string method) { return checking({}, std::move(method)); }

MethodOptions MethodOptions::checking(std::map<std::string, std::string> given, std::string method) {
  MethodOptions options(std::move(given), std::move(method));
  options.describing_ = true;
  return options;
}

void MethodOptions::record(OptionSpec spec) {
  for (const auto& s : specs_)
    if (s.key == spec.key) return;
  specs_.push_back(std::move(spec));
}

const std::string* MethodOptions::find(const std::string& key) {
  known_.insert(key);
  const auto it = given_.find(key);
  return it == given_.end() ? nullptr : &it->second;
}

int64_t MethodOptions::getInt(const std::string& key, int64_t fallback, int64_t min, int64_t max, const std::string& help) {
  record({key, OptionSpec::Type::Int, std::to_string(fallback), help, static_cast<double>(min), static_cast<double>(max), {}});
  int64_t value = fallback;
  if (const auto* text = find(key)) {
    char* end = nullptr;
    const long long v = std::strtoll(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0') usageError("option " + key + "=" + *text + " is not an integer");
    value = v;
  }
  if (value < min || value > max)
    usageError("option " + key + " must be in [" + std::to_string(min) + ", " + std::to_string(max) + "], got " + std::to_string(value));
  resolved_[key] = value;
  return value;
}

double MethodOptions::getDouble(const std::string& key, double fallback, double min, double max, const std::string& help) {
  std::ostringstream text;
  text << fallback;
  record({key, OptionSpec::Type::Double, text.str(), help, min, max, {}});
  double value = fallback;
  if (const auto* text = find(key)) {
    char* end = nullptr;
    value = std::strtod(text->c_str(), &end);
    if (text->empty() || *end != '\0' || !std::isfinite(value)) usageError("option " + key + "=" + *text + " is not a number");
  }
  if (value < min || value > max)
    usageError("option " + key + " must be in [" + std::to_string(min) + ", " + std::to_string(max) + "], got " + std::to_string(value));
  resolved_[key] = value;
  return value;
}

bool MethodOptions::getBool(const std::string& key, bool fallback, const std::string& help) {
  record({key, OptionSpec::Type::Bool, fallback ? "true" : "false", help, 0, 0, {}});
  bool value = fallback;
  if (const auto* text = find(key)) {
    if (*text == "true" || *text == "1" || *text == "on")
      value = true;
    else if (*text == "false" || *text == "0" || *text == "off")
      value = false;
    else
      usageError("option " + key + "=" + *text + " is not a boolean (true/false)");
  }
  resolved_[key] = value;
  return value;
}

std::string MethodOptions::getString(const std::string& key, const std::string& fallback, const std::string& help) {
  record({key, OptionSpec::Type::Text, fallback, help, 0, 0, {}});
  const auto* text = find(key);
  const std::string value = text ? *text : fallback;
  resolved_[key] = value;
  return value;
}

std::string MethodOptions::getChoice(const std::string& key, const std::string& fallback, const std::vector<std::string>& choices,
                                     const std::string& help) {
  record({key, OptionSpec::Type::Choice, fallback, help, 0, 0, choices});
  std::string value = fallback;
  if (const auto* text = find(key)) value = *text;
  bool ok = false;
  std::string list;
  for (const auto& c : choices) {
    ok = ok || c == value;
    list += (list.empty() ? "" : ", ") + c;
  }
  if (!ok) usageError("option " + key + "=" + value + " is not one of: " + list);
  resolved_[key] = value;
  return value;
}

void MethodOptions::finish() const {
  for (const auto& [key, value] : given_)
    if (!known_.count(key)) usageError("method '" + method_ + "' has no option '" + key + "' (options: " + joined(known_) + ")");
  if (describing_) throw OptionsDescribed{};
}

std::map<std::string, std::string> parseKeyValues(const std::vector<std::string>& items) {
  std::map<std::string, std::string> out;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) usageError("--set expects KEY=VALUE, got '" + item + "'");
    const auto key = item.substr(0, eq);
    if (!out.emplace(key, item.substr(eq + 1)).second) usageError("option '" + key + "' is set twice");
  }
  return out;
}

}  // namespace vq
