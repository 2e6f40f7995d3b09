#include "core/run/run_summary.h"

#include "core/io/json_fields.h"
#include "core/io/json_file.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace vq {
namespace {

using json = nlohmann::json;
using json_fields::field;
using json_fields::maybeField;

}  // namespace

std::string optionText(const OptionValue& value) {
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", *d);
    return buf;
  }
  return std::get<std::string>(value);
}

OptionValues optionValuesFromJson(const json& j, const std::string& source) {
  if (!j.is_object()) inputError(source, "\"options\" is not an object");
  OptionValues out;
  for (const auto& [key, v] : j.items()) {
    if (v.is_boolean()) out[key] = v.get<bool>();
    else if (v.is_number_integer()) out[key] = v.get<int64_t>();
    else if (v.is_number_float()) out[key] = v.get<double>();
    else if (v.is_string()) out[key] = v.get<std::string>();
    else inputError(source, "option \"" + key + "\" is neither a number, a string nor true/false");
  }
  return out;
}

json toJson(const OptionValues& options) {
  json j = json::object();
  for (const auto& [key, v] : options) std::visit([&, k = key](const auto& x) { j[k] = x; }, v);
  return j;
}

json toJson(const RunSummary& s) {
  json j;
  j["model"] = s.model;
  j["method"] = s.method;
  j["wbits"] = s.wbits;
  j["abits"] = s.abits;
  j["calib"] = s.calib;
  j["calib_data"] = s.calibData;
  j["data"] = s.data;
  if (s.accuracy) {
    j["n"] = s.accuracy->n;
    j["fp_top1"] = s.accuracy->fpTop1;
    j["fp_top5"] = s.accuracy->fpTop5;
    j["top1"] = s.accuracy->top1;
    j["top5"] = s.accuracy->top5;
  }
  j["seed"] = s.seed;
  if (s.threads) j["threads"] = *s.threads;
  if (s.cpuIsa) j["cpu_isa"] = *s.cpuIsa;
  j["float_sites"] = s.floatSites;
  j["options"] = toJson(s.options);
  j["report"] = toJson(s.report);
  if (s.saved) j["saved"] = *s.saved;
  if (s.command) j["command"] = *s.command;
  j["seconds"] = s.seconds;
  return j;
}

RunSummary runSummaryFromJson(const json& j, const std::string& source) {
  if (!j.is_object()) inputError(source, "is not a JSON object");
  RunSummary s;
  s.model = field<std::string>(j, "model", source);
  s.method = field<std::string>(j, "method", source);
  s.wbits = field<int>(j, "wbits", source);
  s.abits = field<int>(j, "abits", source);
  s.calib = field<int64_t>(j, "calib", source);
  s.calibData = field<std::string>(j, "calib_data", source);
  s.data = field<std::string>(j, "data", source);
  if (j.contains("top1"))
    s.accuracy = RunAccuracy{field<int64_t>(j, "n", source), field<double>(j, "fp_top1", source), field<double>(j, "fp_top5", source),
                             field<double>(j, "top1", source), field<double>(j, "top5", source)};
  s.seed = field<uint64_t>(j, "seed", source);
  s.threads = maybeField<int64_t>(j, "threads", source);
  s.cpuIsa = maybeField<std::string>(j, "cpu_isa", source);
  s.floatSites = field<std::vector<std::string>>(j, "float_sites", source);
  s.options = optionValuesFromJson(field<json>(j, "options", source), source);
  s.report = methodReportFromJson(s.method, field<json>(j, "report", source), source);
  s.saved = maybeField<std::string>(j, "saved", source);
  s.command = maybeField<std::string>(j, "command", source);
  s.seconds = field<double>(j, "seconds", source);
  return s;
}

namespace {

std::string numberText(const json& v) {
  if (v.is_number_integer()) return v.dump();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v.get<double>());
  return buf;
}

void flatten(const json& object, const std::string& prefix, std::vector<SummaryEntry>& out) {
  for (const auto& [name, v] : object.items()) {
    const auto key = prefix.empty() ? name : prefix + "." + name;
    if (v.is_object()) flatten(v, key, out);
    else if (v.is_array()) out.push_back({key, "", static_cast<int64_t>(v.size())});
    else if (v.is_number()) out.push_back({key, numberText(v)});
    else if (v.is_boolean()) out.push_back({key, v.get<bool>() ? "true" : "false"});
    else if (v.is_string()) out.push_back({key, v.get<std::string>()});
    else out.push_back({key, ""});
  }
}

}  // namespace

std::vector<SummaryEntry> summaryEntries(const RunSummary& summary) {
  std::vector<SummaryEntry> out;
  flatten(toJson(summary), "", out);  // objects keep their keys sorted, and a prefix sorts before its extensions
  return out;
}

RunSummary readRunSummary(const std::string& path) { return runSummaryFromJson(readJsonFile(path, kMaxRunJsonBytes), path); }

}  // namespace vq
