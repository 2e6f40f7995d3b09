#pragma once
// The studio's long jobs, as JobRunner tasks: each runs the engine on the worker thread and returns its
// result, which the caller receives on the GUI thread once the job has succeeded.
#include "app/studio/JobRunner.h"
#include "app/studio/StudioRun.h"
#include "widgets/RunSetupPanel.h"

#include <QStringList>

namespace vq {
struct LoadedModel;
}

// Quantize and evaluate as `settings` say, take histograms of every site on a few calibration images, and
// save it all as a run folder under `runsRoot` (nothing is saved when cancelled).
// The run is not numbered yet (StudioSession::addRun does that).
JobRunner::Task<std::shared_ptr<StudioRun>> quantizeJob(const RunSettings& settings, const QString& runsRoot);

// A saved run folder back as a run (its model loaded when the folder keeps it).
JobRunner::Task<std::shared_ptr<StudioRun>> openRunJob(const QString& folder);

// Each quantized site of `run` alone, on the first `images` items of `data`; saved into the run's folder.
JobRunner::Task<std::shared_ptr<const vq::SensitivityReport>> sensitivityJob(std::shared_ptr<const StudioRun> run, const QString& data, int images);

// Float vs the run's quantized model (and its integer-only model, if any) on image files, a folder
// (one sub-folder per class: labelled), or `samples` random items of `data`.
struct InferenceInput {
  QStringList files;
  QString folder;
  QString data;
  int samples = 0;
  int seed = 0;
};
JobRunner::Task<std::shared_ptr<const vq::PredictionComparison>> inferenceJob(std::shared_ptr<const vq::LoadedModel> fp,
                                                                            std::shared_ptr<const StudioRun> run, InferenceInput input);

