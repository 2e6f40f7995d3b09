#include "core/run/run_folder.h"

#include "core/analysis/analysis_requests.h"
#include "core/analysis/histograms.h"
#include "core/analysis/sensitivity.h"
#include "core/io/json_fields.h"
#include "core/io/json_file.h"
#include "core/run/quantize_run.h"
#include "core/quant/quant_model.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <filesystem>

namespace vq {
namespace fs = std::filesystem;
namespace {

constexpr int64_t kHistogramImages = 32;
constexpr int64_t kHistogramSamples = 1 << 18;  // values per site: plenty for 128 bins, and quick

void writeJson(const fs::path& path, const nlohmann::json& j) { writeFileAtomically(path.string(), j.dump(1) + "\n"); }

nlohmann::json readJson(const fs::path& path) { return readJsonFile(path.string(), kMaxRunJsonBytes); }

using json_fields::field;
using json_fields::optionalField;

}  // namespace

std::vector<SiteHistogram> histogramsFromJson(const nlohmann::json& j, const std::string& source) {
  std::vector<SiteHistogram> out;
  const auto sites = field<nlohmann::json>(j, "sites", source);
  if (!sites.is_array()) inputError(source, "\"sites\" is not a list");
  for (const auto& s : sites) {
    SiteHistogram h;
    h.site = field<std::string>(s, "site", source);
    const std::string where = source + " (" + h.site + ")";
    h.kind = field<std::string>(s, "kind", where);
    h.min = field<double>(s, "min", where);
    h.max = field<double>(s, "max", where);
    h.edges = field<std::vector<double>>(s, "edges", where);
    h.counts = field<std::vector<int64_t>>(s, "counts", where);
    if (h.edges.size() != h.counts.size() + 1) inputError(where, "needs one more bin edge than counts");
    h.sampled = field<int64_t>(s, "sampled", where);
    h.quantizer = field<std::string>(s, "quantizer", where);
    h.levels = optionalField<std::vector<double>>(s, "levels", {}, where);
    h.levelsChannel = optionalField<int64_t>(s, "levels_channel", -1, where);
    const auto clip = optionalField<std::vector<double>>(s, "clip", {0.0, 0.0}, where);
    if (clip.size() != 2) inputError(where, "\"clip\" needs two values");
    h.clipLow = clip[0];
    h.clipHigh = clip[1];
    h.channelMin = optionalField<std::vector<double>>(s, "channel_min", {}, where);
    h.channelMax = optionalField<std::vector<double>>(s, "channel_max", {}, where);
    if (h.channelMin.size() != h.channelMax.size()) inputError(where, "has unequal channel_min and channel_max");
    out.push_back(std::move(h));
  }
  return out;
}

SensitivityReport sensitivityFromJson(const nlohmann::json& j, const std::string& source) {
  SensitivityReport r;
  r.n = field<int64_t>(j, "n", source);
  r.fpTop1 = field<double>(j, "fp_top1", source);
  r.quantTop1 = field<double>(j, "quant_top1", source);
  const auto sites = field<nlohmann::json>(j, "sites", source);
  if (!sites.is_array()) inputError(source, "\"sites\" is not a list");
  for (const auto& s : sites) {
    SiteSensitivity x;
    x.site = field<std::string>(s, "site", source);
    const std::string where = source + " (" + x.site + ")";
    x.kind = field<std::string>(s, "kind", where);
    x.sqnrDb = field<double>(s, "sqnr_db", where);
    x.mse = field<double>(s, "mse", where);
    x.cosine = field<double>(s, "cosine", where);
    x.logitsSqnrDb = field<double>(s, "logits_sqnr_db", where);
    x.top1 = field<double>(s, "top1", where);
    x.top1Drop = field<double>(s, "top1_drop", where);
    r.sites.push_back(std::move(x));
  }
  return r;
}

std::vector<SiteHistogram> runFolderHistograms(const QuantizedModel& model, const std::string& dataSpec, uint64_t seed,
                                               const ProgressFn& progress, const CancelToken& cancel) {
  HistogramRequest request;
  request.data = dataSpec;
  request.images = kHistogramImages;
  request.options.seed = seed;
  request.options.sampleBudget = kHistogramSamples;
  return runHistograms(model.loaded, request, progress, cancel);
}

void saveRunFolder(const std::string& dir, const RunSummary& summary, const QuantizedModel* model,
                   const std::vector<SiteHistogram>& histograms, const SensitivityReport* sensitivity) {
  const fs::path target(dir);
  if (fs::exists(target)) usageError(dir + " already exists; runs are never overwritten");
  const fs::path part = target.string() + ".part";
  std::error_code ec;
  fs::remove_all(part, ec);  // a leftover of an interrupted save
  try {
    fs::create_directories(part);
    writeJson(part / "histograms.json", toJson(histograms));
    if (sensitivity) writeJson(part / "sensitivity.json", toJson(*sensitivity));
    if (model) saveQuantizedModel((part / "model").string(), *model);
    writeJson(part / "run.json", toJson(summary));  // last: a folder with run.json is complete
    fs::rename(part, target);
  } catch (...) {
    fs::remove_all(part, ec);
    throw;
  }
}

void saveRunSensitivity(const std::string& dir, const SensitivityReport& sensitivity) {
  if (!fs::exists(fs::path(dir) / "run.json")) inputError(dir, "is not a saved run (no run.json)");
  writeJson(fs::path(dir) / "sensitivity.json", toJson(sensitivity));
}

RunFolder readRunFolder(const std::string& dir) {
  const fs::path root(dir);
  if (!fs::is_directory(root)) inputError(dir, "is not a folder");
  if (!fs::exists(root / "run.json")) inputError(dir, "is not a saved run (no run.json)");
  RunFolder run;
  run.summary = readRunSummary((root / "run.json").string());
  if (fs::exists(root / "histograms.json"))
    run.histograms = histogramsFromJson(readJson(root / "histograms.json"), (root / "histograms.json").string());
  if (fs::exists(root / "sensitivity.json"))
    run.sensitivity = sensitivityFromJson(readJson(root / "sensitivity.json"), (root / "sensitivity.json").string());
  if (fs::exists(root / "model" / "quant.json")) run.modelDir = (root / "model").string();
  return run;
}

}  // namespace vq
