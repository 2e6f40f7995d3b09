#pragma once
// The summary of one quantization run — what `vitquant quantize --json` prints, a run folder's run.json and a
// sweep's per-run file hold — as one typed value. Its JSON form is the stored format (old runs keep opening);
// everything above core reads the fields, never the keys (docs/design/architecture.md §3).
#include "core/methods/method_report.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace vq {

// A method option's value as the method resolved it (the type its getter gives).
using OptionValue = std::variant<bool, int64_t, double, std::string>;
using OptionValues = std::map<std::string, OptionValue>;

// "true", "500", "4e-05", "sulq": as a user would type it after --set KEY=.
std::string optionText(const OptionValue& value);

struct RunAccuracy {
  int64_t n = 0;  // evaluation images
  double fpTop1 = 0, fpTop5 = 0, top1 = 0, top5 = 0;
};

struct RunSummary {
  std::string model, method;
  int wbits = 8, abits = 8;
  int64_t calib = 0;                  // calibration images actually drawn
  std::string calibData, data;        // the data sets' specs
  std::optional<RunAccuracy> accuracy;  // absent when the run quantized only (analyses that measure on their own)
  uint64_t seed = 0;
  // Recorded since runs were checked for bit-for-bit repeats; older runs lack them.
  std::optional<int64_t> threads;
  std::optional<std::string> cpuIsa;
  std::vector<std::string> floatSites;
  OptionValues options;
  MethodReport report;
  std::optional<std::string> saved;    // the --save folder
  std::optional<std::string> command;  // the command line, where the script that stored the run recorded it
  double seconds = 0;
};

nlohmann::json toJson(const RunSummary& summary);
// Throws vq::Error(Input) "<source>: …" naming the key that is missing or of the wrong type.
RunSummary runSummaryFromJson(const nlohmann::json& j, const std::string& source);
// Reads and checks a run summary file (size-capped, like every run file).
RunSummary readRunSummary(const std::string& path);

// Every scalar of a summary under its dotted key ("options.iters", "report.summary.layers"), lists as their
// length (loss curves are long), sorted by key: what a side-by-side comparison of two runs shows.
struct SummaryEntry {
  std::string key;
  std::string text;         // "" for a list
  int64_t listLength = -1;  // ≥ 0 for a list
};
std::vector<SummaryEntry> summaryEntries(const RunSummary& summary);

OptionValues optionValuesFromJson(const nlohmann::json& j, const std::string& source);
nlohmann::json toJson(const OptionValues& options);

}  // namespace vq
