#pragma once
// The Slurm backend: one job array through sbatch whose task i runs grid run i (`vitquant sweep run-one DIR i`),
// only for the runs not done yet; then squeue is polled until the array has left the queue. The sweep folder
// must be on a filesystem the nodes share. A task that ended without a run folder or a failure marker (time
// limit, node failure) is marked failed here, so the next run of the command redoes it.
#include "core/sweep/local_sweep.h"

#include <string>
#include <vector>

namespace vq {

struct SlurmSweepOptions {
  std::string program;       // the vitquant executable, as the nodes see it
  SlurmSettings settings;    // partition, time, mem, cpus per task
  double pollSeconds = 5;
};

// The batch script for these runs (what `sweep run --backend slurm` submits; the guide shows it).
std::string slurmBatchScript(const std::string& dir, const std::vector<int>& indices, const SlurmSweepOptions& options);

// Submits (or, when a job of this folder is still queued, waits for it first) and polls until no task is left.
// onProgress gets the counts at every change; throws vq::Cancelled after scancel when cancelled.
SweepCounts runSlurmSweep(const std::string& dir, const SweepGrid& grid, const SlurmSweepOptions& options,
                          const std::function<void(const SweepProgress&)>& onProgress, const CancelToken& cancel);

// The job id in slurm.json when squeue still lists it, else "".
std::string activeSlurmJob(const std::string& dir);
// scancel of that job; false when there is none.
bool cancelSlurmJob(const std::string& dir);

// One task of the array: runs grid run `index` (a no-op when it is done) with `threads`, marking it failed
// when it fails. Returns the run's exit status.
int runOneSweepRun(const std::string& dir, int index, int threads, const std::string& program);

}  // namespace vq
