#pragma once
// The local backend: a queue of `vitquant quantize --save-run` processes, `jobs` at a time, each with its share
// of the grid's threads. Runs already done are skipped; failed and missing ones are (re)done. A failed run
// keeps its logs and a .failed marker and does not stop the others. Cancelling interrupts every running child
// (they leave no run folder) and waits for them, so a rerun of the same command carries on.
#include "core/sweep/sweep_folder.h"
#include "core/util/progress.h"

#include <functional>
#include <string>

namespace vq {

struct SweepEvent {
  enum class Kind { Started, Done, Failed } kind = Kind::Started;
  const SweepRun* run = nullptr;
  double seconds = 0;      // Done, Failed: the run's wall time
  std::string message;     // Failed: exit status and the last line of its stderr
};

struct SweepProgress {
  SweepCounts counts;
  double etaSeconds = -1;  // -1 until a run has finished in this session
};

using SweepEventFn = std::function<void(const SweepEvent&, const SweepProgress&)>;

struct LocalSweepOptions {
  std::string program;  // the vitquant executable
  int jobs = 1;
  int threads = 0;      // LibTorch threads in all; 0 = the grid's
};

// Returns the final counts; throws vq::Cancelled (after the children have stopped) when cancelled, and
// vq::Error(Input) when another runner holds the folder.
SweepCounts runLocalSweep(const std::string& dir, const SweepGrid& grid, const LocalSweepOptions& options, const SweepEventFn& onEvent,
                          const CancelToken& cancel);

// The process id of the runner holding `dir` (its locked runner.pid), else 0.
int runningLocalSweep(const std::string& dir);
// Asks the runner of `dir` to stop (a file it polls): works for a runner in any process, the studio's too.
void requestSweepCancel(const std::string& dir);

}  // namespace vq
