#pragma once
// The studio's sweep jobs: reading a sweep folder (its table and the summaries of its finished runs) and
// running a sweep file locally with the `vitquant` beside the studio, its progress in the job bar.
#include "app/studio/JobRunner.h"
#include "app/studio/StudioRun.h"
#include "core/sweep/sweep_table.h"

#include <memory>
#include <vector>

struct OpenedSweep {
  std::shared_ptr<const vq::SweepTable> table;
  std::vector<std::shared_ptr<StudioRun>> runs;  // finished runs: summary and folder (models stay on disk)
};

JobRunner::Task<OpenedSweep> openSweepJob(const QString& folder);

// Runs (or resumes) `gridFile` into `folder`, `jobs` runs at a time sharing `threads` (0: the file's). Returns how many
// runs failed: they are counted, not thrown, so that the finished ones can be shown.
JobRunner::Task<int> runSweepJob(const QString& gridFile, const QString& folder, int jobs, int threads);

// The vitquant executable beside the studio's (the build tree and the installed layout both keep them
// together), or the one the environment variable VQ_VITQUANT names.
QString sweepProgram();
