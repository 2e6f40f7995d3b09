#pragma once
// A quantization run kept on disk, as the studio saves it and `vitquant report` reads it:
//   run.json           the `vitquant quantize --json` summary
//   histograms.json    per-site histograms with the quantizer's levels (analyze histograms' format)
//   sensitivity.json   per-site sensitivity, once analysed (analyze sensitivity's format)
//   model/             the quantized model folder (config.json, model.safetensors, quant.json, …)
// A folder is written complete under a temporary name and renamed, so a cancelled or failed save leaves
// nothing behind; readers check every field and name the file when one is missing or wrong.
#include "core/analysis/histogram_data.h"
#include "core/analysis/sensitivity_data.h"
#include "core/run/run_summary.h"
#include "core/util/progress.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace vq {

struct QuantizedModel;

struct RunFolder {
  RunSummary summary;
  std::vector<SiteHistogram> histograms;
  std::optional<SensitivityReport> sensitivity;
  std::string modelDir;  // "" when the run was saved without its model
};

// The histograms a run folder keeps: every site of `model`, on a few calibration images of `dataSpec`
// (its train split when it has one), drawn with `seed`.
std::vector<SiteHistogram> runFolderHistograms(const QuantizedModel& model, const std::string& dataSpec, uint64_t seed,
                                               const ProgressFn& progress = {}, const CancelToken& cancel = {});

// `dir` must not exist yet. `model` and `sensitivity` may be null.
void saveRunFolder(const std::string& dir, const RunSummary& summary, const QuantizedModel* model,
                   const std::vector<SiteHistogram>& histograms, const SensitivityReport* sensitivity);
// Adds (or replaces) sensitivity.json in a saved run, atomically.
void saveRunSensitivity(const std::string& dir, const SensitivityReport& sensitivity);

// Throws vq::Error(Input) naming the folder or file on anything missing or malformed.
RunFolder readRunFolder(const std::string& dir);

// The inverses of toJson() for histograms and sensitivity; `source` names the file in errors.
std::vector<SiteHistogram> histogramsFromJson(const nlohmann::json& j, const std::string& source);
SensitivityReport sensitivityFromJson(const nlohmann::json& j, const std::string& source);

}  // namespace vq
