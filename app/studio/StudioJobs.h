#pragma once
// The studio's long jobs, as JobRunner work: each runs the engine on the worker thread and leaves its
// result in a slot the caller reads once the job has succeeded (on the GUI thread).
#include "app/studio/JobRunner.h"
#include "app/studio/StudioRun.h"
#include "widgets/RunSetupPanel.h"

#include <QStringList>

namespace vq {
struct LoadedModel;
}

// Quantize and evaluate as `settings` say, take histograms of every site on a few calibration images, and
// save it all as a run folder under `runsRoot` (nothing is saved when cancelled).
JobRunner::Work quantizeJob(const RunSettings& settings, const QString& runsRoot, std::shared_ptr<StudioRun> out);

// A saved run folder back as a run (its model loaded when the folder keeps it).
JobRunner::Work openRunJob(const QString& folder, std::shared_ptr<StudioRun> out);

// Each quantized site of `run` alone, on the first `images` items of `data`; saved into the run's folder.
JobRunner::Work sensitivityJob(std::shared_ptr<const StudioRun> run, const QString& data, int images,
                               std::shared_ptr<std::shared_ptr<const vq::SensitivityReport>> out);

// Float vs the run's quantized model (and its integer-only model, if any) on image files, a folder
// (one sub-folder per class: labelled), or `samples` random items of `data`.
struct InferenceInput {
  QStringList files;
  QString folder;
  QString data;
  int samples = 0;
  int seed = 0;
};
JobRunner::Work inferenceJob(std::shared_ptr<const vq::LoadedModel> fp, std::shared_ptr<const StudioRun> run, InferenceInput input,
                             std::shared_ptr<std::shared_ptr<const vq::PredictionComparison>> out);

// A `--json` object as Qt JSON.
QJsonObject toQJson(const std::string& jsonText);
