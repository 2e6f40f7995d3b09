#pragma once
// Reading typed fields out of a JSON object a user's file holds (a run summary, histograms, a report):
// a missing key or a value of the wrong type becomes one vq::Error(Input) naming the file and the key.
#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace vq::json_fields {

// nlohmann converts a JSON float to an integer type with a plain cast, which is undefined behaviour when the
// value is out of range (1e300 for "counts"): integers must be written as integers.
template <typename T>
bool holdsIntegers(const nlohmann::json& v) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) return v.is_number_integer();
  else if constexpr (std::is_same_v<T, std::vector<int64_t>>)
    return v.is_array() && std::all_of(v.begin(), v.end(), [](const nlohmann::json& e) { return e.is_number_integer(); });
  else return true;  // other types: get<T> reports a wrong type itself
}

template <typename T>
T field(const nlohmann::json& j, const char* key, const std::string& source) {
  if (!j.is_object() || !j.contains(key)) inputError(source, std::string("has no \"") + key + "\"");
  const auto wrongType = [&] { inputError(source, std::string("\"") + key + "\" has the wrong type"); };
  if (!holdsIntegers<T>(j.at(key))) wrongType();
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    wrongType();
  }
  return T{};  // not reached: wrongType throws
}

template <typename T>
T optionalField(const nlohmann::json& j, const char* key, T fallback, const std::string& source) {
  return j.is_object() && j.contains(key) ? field<T>(j, key, source) : fallback;
}

// std::nullopt when the key is absent (a field written only by some runs or some versions).
template <typename T>
std::optional<T> maybeField(const nlohmann::json& j, const char* key, const std::string& source) {
  if (!j.is_object() || !j.contains(key)) return std::nullopt;
  return field<T>(j, key, source);
}

// The array under `key`, each element read by `read(element, where)` with `where` = source + ": key[i]".
template <typename Read>
auto listField(const nlohmann::json& j, const char* key, const std::string& source, Read read) {
  const auto& list = field<nlohmann::json>(j, key, source);
  if (!list.is_array()) inputError(source, std::string("\"") + key + "\" is not a list");
  std::vector<decltype(read(list.front(), source))> out;
  out.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) out.push_back(read(list[i], source + ": " + key + "[" + std::to_string(i) + "]"));
  return out;
}

}  // namespace vq::json_fields
