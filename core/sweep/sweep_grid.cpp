#include "core/sweep/sweep_grid.h"

#include "core/io/json_file.h"
#include "core/methods/method.h"
#include "core/methods/method_options.h"
#include "core/model/zoo.h"
#include "core/util/error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

namespace vq {
namespace {

constexpr uint64_t kMaxSweepJsonBytes = 1ull << 20;

const std::set<std::string> kKeys = {"models", "methods", "bits", "seeds", "option_sets", "data", "calib",
                                     "eval_limit", "sensitivity_images", "threads", "slurm"};
const std::set<std::string> kSlurmKeys = {"partition", "time", "mem", "cpus_per_task"};

void checkKeys(const nlohmann::json& j, const std::set<std::string>& known, const std::string& source, const std::string& where) {
  for (const auto& [key, value] : j.items())
    if (!known.count(key)) inputError(source, "unknown key \"" + where + key + "\"");
}

std::vector<std::string> nonEmptyStrings(const nlohmann::json& j, const char* key, const std::string& source) {
  if (!j.contains(key)) inputError(source, std::string("has no \"") + key + "\"");
  const auto& list = j.at(key);
  if (!list.is_array() || list.empty()) inputError(source, std::string("\"") + key + "\" must be a non-empty list");
  std::vector<std::string> out;
  for (const auto& e : list) {
    if (!e.is_string() || e.get<std::string>().empty()) inputError(source, std::string("\"") + key + "\" holds something that is not a name");
    out.push_back(e.get<std::string>());
  }
  return out;
}

int64_t integer(const nlohmann::json& j, const char* key, int64_t fallback, int64_t min, int64_t max, const std::string& source) {
  if (!j.contains(key)) return fallback;
  const auto& v = j.at(key);
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max)
    inputError(source, std::string("\"") + key + "\" must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  return v.get<int64_t>();
}

std::string text(const nlohmann::json& j, const char* key, const std::string& fallback, const std::string& source) {
  if (!j.contains(key)) return fallback;
  if (!j.at(key).is_string()) inputError(source, std::string("\"") + key + "\" must be a string");
  return j.at(key).get<std::string>();
}

std::pair<int, int> bitPair(const nlohmann::json& e, const std::string& source) {
  int w = 0, a = 0;
  if (e.is_string()) {
    std::smatch m;
    const auto s = e.get<std::string>();
    if (std::regex_match(s, m, std::regex("[Ww]([0-9]{1,2})[Aa]([0-9]{1,2})"))) w = std::stoi(m[1]), a = std::stoi(m[2]);
  } else if (e.is_array() && e.size() == 2 && e[0].is_number_integer() && e[1].is_number_integer() && e[0].get<int64_t>() >= 0 &&
             e[0].get<int64_t>() <= 8 && e[1].get<int64_t>() >= 0 && e[1].get<int64_t>() <= 8) {
    w = static_cast<int>(e[0].get<int64_t>()), a = static_cast<int>(e[1].get<int64_t>());
  }
  if (w < 2 || w > 8 || a < 2 || a > 8) inputError(source, "\"bits\" entry " + e.dump() + " is not \"WxAy\" or [w, a] with 2..8 bits");
  return {w, a};
}

// One --set list: strings KEY=VALUE, each key once.
std::vector<std::string> setList(const nlohmann::json& e, const std::string& source) {
  if (!e.is_array()) inputError(source, "an option set must be a list of \"KEY=VALUE\" strings, got " + e.dump());
  std::vector<std::string> out;
  for (const auto& item : e) {
    if (!item.is_string()) inputError(source, "an option set must be a list of \"KEY=VALUE\" strings, got " + e.dump());
    out.push_back(item.get<std::string>());
  }
  try {
    parseKeyValues(out);
  } catch (const Error& err) {
    inputError(source, err.what());
  }
  return out;
}

void checkOptionSets(const nlohmann::json& sets, const std::vector<std::string>& methods, const std::string& source) {
  const auto checkList = [&](const nlohmann::json& list) {
    if (!list.is_array() || list.empty()) inputError(source, "\"option_sets\" must be a non-empty list of option sets");
    for (const auto& e : list) setList(e, source);
  };
  if (sets.is_object()) {
    for (const auto& [method, list] : sets.items()) {
      if (std::find(methods.begin(), methods.end(), method) == methods.end())
        inputError(source, "\"option_sets\" names method '" + method + "', which \"methods\" does not list");
      checkList(list);
    }
  } else {
    checkList(sets);
  }
}

// A file-name-safe spelling of one option value.
std::string safe(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '=' || c == '-' || c == '_') ? c : '_';
  return out;
}

// builtin:deit-fashion → deit-fashion; arch:vit_small → vit_small; a folder → its name.
std::string modelTag(const std::string& model) {
  const auto colon = model.find(':');
  std::string tag;
  if (colon != std::string::npos && model.find('/') == std::string::npos) {
    tag = safe(model.substr(colon + 1));
  } else {
    auto path = std::filesystem::path(model).lexically_normal();
    if (!path.has_filename()) path = path.parent_path();
    tag = safe(path.filename().string());
  }
  return tag.empty() || tag == "." || tag == ".." ? "model" : tag;  // never a folder outside runs/
}

// Partition, time and memory go into the batch script's #SBATCH lines: plain tokens only.
std::string slurmToken(const nlohmann::json& s, const char* key, const std::string& source) {
  const auto value = text(s, key, "", source);
  if (!std::regex_match(value, std::regex("[A-Za-z0-9_.,:+-]*"))) inputError(source, std::string("\"slurm.") + key + "\" must be a plain Slurm value");
  return value;
}

constexpr int64_t kMaxRuns = 100000;

}  // namespace

std::vector<std::vector<std::string>> SweepGrid::optionSetsFor(const std::string& method) const {
  nlohmann::json list = optionSets;
  if (optionSets.is_object()) list = optionSets.contains(method) ? optionSets.at(method) : nlohmann::json::array({nlohmann::json::array()});
  std::vector<std::vector<std::string>> out;
  for (const auto& e : list) out.push_back(e.get<std::vector<std::string>>());
  return out;
}

std::vector<SweepRun> SweepGrid::expand() const {
  std::vector<SweepRun> runs;
  for (const auto seed : seeds)
    for (const auto& model : models)
      for (const auto& method : methods)
        for (const auto& sets : optionSetsFor(method))
          for (const auto& [w, a] : bits) {
            SweepRun r;
            r.index = static_cast<int>(runs.size());
            r.model = model, r.method = method, r.wbits = w, r.abits = a, r.seed = seed, r.sets = sets;
            r.id = modelTag(model) + "/" + method + "-w" + std::to_string(w) + "a" + std::to_string(a);
            for (const auto& s : sets) r.id += "-" + safe(s);
            r.id += "-seed=" + std::to_string(seed);
            runs.push_back(std::move(r));
          }
  return runs;
}

nlohmann::json SweepGrid::runsJson() const {
  auto j = toJson();
  j.erase("threads");
  j.erase("slurm");
  return j;
}

nlohmann::json SweepGrid::toJson() const {
  nlohmann::json bitsJson = nlohmann::json::array();
  for (const auto& [w, a] : bits) bitsJson.push_back("W" + std::to_string(w) + "A" + std::to_string(a));
  nlohmann::json j = {{"models", models}, {"methods", methods}, {"bits", bitsJson}, {"seeds", seeds}, {"option_sets", optionSets},
                      {"data", data}, {"calib", calib}, {"sensitivity_images", sensitivityImages}, {"threads", threads},
                      {"slurm", {{"partition", slurm.partition}, {"time", slurm.time}, {"mem", slurm.mem}, {"cpus_per_task", slurm.cpusPerTask}}}};
  if (evalLimit > 0) j["eval_limit"] = evalLimit;
  return j;
}

SweepGrid sweepGridFromJson(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object()) inputError(source, "is not a sweep file (a JSON object with models, methods and bits)");
  checkKeys(j, kKeys, source, "");
  SweepGrid g;
  g.models = nonEmptyStrings(j, "models", source);
  g.methods = nonEmptyStrings(j, "methods", source);
  for (const auto& m : g.methods) {
    try {
      methodByName(m);
    } catch (const Error& err) {
      inputError(source, err.what());
    }
  }
  if (!j.contains("bits") || !j.at("bits").is_array() || j.at("bits").empty()) inputError(source, "\"bits\" must be a non-empty list");
  for (const auto& e : j.at("bits")) g.bits.push_back(bitPair(e, source));
  if (j.contains("seeds")) {
    const auto& s = j.at("seeds");
    if (!s.is_array() || s.empty()) inputError(source, "\"seeds\" must be a non-empty list");
    g.seeds.clear();
    for (const auto& e : s) {
      if (!e.is_number_unsigned()) inputError(source, "\"seeds\" must hold non-negative integers, got " + e.dump());
      g.seeds.push_back(e.get<uint64_t>());
    }
  }
  if (j.contains("option_sets")) {
    checkOptionSets(j.at("option_sets"), g.methods, source);
    g.optionSets = j.at("option_sets");
  }
  g.data = text(j, "data", g.data, source);
  g.calib = integer(j, "calib", g.calib, 1, int64_t{1} << 30, source);
  g.evalLimit = integer(j, "eval_limit", g.evalLimit, 1, int64_t{1} << 40, source);
  g.sensitivityImages = integer(j, "sensitivity_images", g.sensitivityImages, 0, int64_t{1} << 30, source);
  g.threads = static_cast<int>(integer(j, "threads", g.threads, 1, 256, source));
  if (j.contains("slurm")) {
    const auto& s = j.at("slurm");
    if (!s.is_object()) inputError(source, "\"slurm\" must be an object");
    checkKeys(s, kSlurmKeys, source, "slurm.");
    g.slurm.partition = slurmToken(s, "partition", source);
    g.slurm.time = slurmToken(s, "time", source);
    g.slurm.mem = slurmToken(s, "mem", source);
    g.slurm.cpusPerTask = static_cast<int>(integer(s, "cpus_per_task", g.slurm.cpusPerTask, 1, 256, source));  // quantize's --threads range
  }
  int64_t count = static_cast<int64_t>(g.seeds.size() * g.models.size() * g.bits.size());
  int64_t sets = 0;
  for (const auto& m : g.methods) sets += static_cast<int64_t>(g.optionSetsFor(m).size());
  if (count > kMaxRuns || count * sets > kMaxRuns) inputError(source, "expands to more than " + std::to_string(kMaxRuns) + " runs");
  // Two entries that expand to the same run would race for one run folder.
  std::set<std::string> ids;
  for (const auto& r : g.expand())
    if (!ids.insert(r.id).second) inputError(source, "run " + r.id + " appears twice in the grid");
  return g;
}

SweepGrid readSweepGrid(const std::string& path) { return sweepGridFromJson(readJsonFile(path, kMaxSweepJsonBytes), path); }

void checkSweepOptions(const SweepGrid& grid, const std::string& source) {
  for (const auto& model : grid.models) {
    const auto fp = [&] {
      try {
        return loadModel(model);
      } catch (const Error& err) {
        inputError(source, err.what());
      }
    }();
    for (const auto& method : grid.methods)
      for (const auto& sets : grid.optionSetsFor(method))
        for (const auto& [w, a] : grid.bits) {
          try {
            checkOptions(methodByName(method), fp, w, a, parseKeyValues(sets));
          } catch (const Error& err) {
            inputError(source, method + " W" + std::to_string(w) + "A" + std::to_string(a) + " on " + model + ": " + err.what());
          }
        }
  }
}

std::vector<std::string> quantizeArguments(const SweepGrid& grid, const SweepRun& run, const std::string& runFolder, int threads) {
  std::vector<std::string> args = {"quantize", "--model", run.model, "--method", run.method, "--wbits", std::to_string(run.wbits),
                                   "--abits", std::to_string(run.abits), "--seed", std::to_string(run.seed), "--data", grid.data,
                                   "--calib", std::to_string(grid.calib)};
  if (grid.evalLimit > 0) args.insert(args.end(), {"--eval-limit", std::to_string(grid.evalLimit)});
  for (const auto& s : run.sets) args.insert(args.end(), {"--set", s});
  args.insert(args.end(), {"--threads", std::to_string(threads), "--json", "--save-run", runFolder, "--sensitivity-images",
                           std::to_string(grid.sensitivityImages)});
  return args;
}

}  // namespace vq
