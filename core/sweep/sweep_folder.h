#pragma once
// A sweep folder, the state of a sweep on disk, so that any backend can resume it and `sweep table` read it:
//   sweep.json              the grid (written once; a resume with another grid is refused)
//   runs/<run id>/          each finished run's run folder (`quantize --save-run`, written atomically:
//                           a run is done exactly when its run.json exists)
//   logs/<run id>.out|.err  what the run printed; logs/<run id>.failed holds its exit status when it failed
//   runner.pid              the local runner's process id while it runs (`sweep cancel` signals it)
//   slurm.json              the Slurm job of the last submission (`sweep cancel` scancels it)
#include "core/sweep/sweep_grid.h"

#include <string>

namespace vq {

enum class RunState { Pending, Done, Failed };

// Creates `dir` with sweep.json, or checks that the one there holds the same grid (vq::Error(Input) if not).
void prepareSweepFolder(const std::string& dir, const SweepGrid& grid);
// Throws vq::Error(Input) naming `dir` when it is not a sweep folder or its sweep.json is broken.
SweepGrid openSweepFolder(const std::string& dir);

std::string runFolderOf(const std::string& dir, const SweepRun& run);
// logs/<run id><extension>, its folder created.
std::string logFileOf(const std::string& dir, const SweepRun& run, const std::string& extension);
RunState runState(const std::string& dir, const SweepRun& run);
// Records a failure (its exit status, -1 when the run never reported one, and why if the caller knows);
// cleared when the run is redone.
void markFailed(const std::string& dir, const SweepRun& run, int exitStatus, const std::string& why = "");
void clearFailed(const std::string& dir, const SweepRun& run);
// Why a failed run failed: the last line it printed on stderr, else what markFailed was told.
std::string failureOf(const std::string& dir, const SweepRun& run);

struct SweepCounts {
  int total = 0, done = 0, failed = 0, pending = 0, running = 0;
};
SweepCounts countRuns(const std::string& dir, const std::vector<SweepRun>& runs);

}  // namespace vq
