#include "core/sweep/local_sweep.h"

#include "core/sweep/child_process.h"
#include "core/util/error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <list>
#include <signal.h>
#include <thread>
#include <unistd.h>

namespace vq {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string pidFile(const std::string& dir) { return (fs::path(dir) / "runner.pid").string(); }

// runner.pid for the runner's lifetime; a second runner on the same folder is refused.
class RunnerLock {
public:
  explicit RunnerLock(const std::string& dir) : path_(pidFile(dir)) {
    // Created exclusively, so that of two runners started together one wins; a file left by a runner that
    // died (its pid is gone) is taken over.
    for (int attempt = 0; attempt < 2; ++attempt) {
      const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
      if (fd >= 0) {
        const auto text = std::to_string(::getpid()) + "\n";
        const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
        ::close(fd);
        if (!written) inputError(path_, "cannot write");
        return;
      }
      if (errno != EEXIST) inputError(path_, std::string("cannot create: ") + std::strerror(errno));
      if (const int other = runningLocalSweep(dir))
        inputError(dir, "a sweep is already running here (pid " + std::to_string(other) + "); `vitquant sweep cancel` stops it");
      std::error_code ec;
      fs::remove(path_, ec);
    }
    inputError(dir, "another runner took the folder at the same moment");
  }
  ~RunnerLock() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  RunnerLock(const RunnerLock&) = delete;
  RunnerLock& operator=(const RunnerLock&) = delete;

private:
  std::string path_;
};

struct Running {
  const SweepRun* run;
  ChildProcess process;
  Clock::time_point started;
};

}  // namespace

int runningLocalSweep(const std::string& dir) {
  std::ifstream in(pidFile(dir));
  int pid = 0;
  if (!(in >> pid) || pid <= 0 || pid == ::getpid()) return 0;
  return ::kill(pid, 0) == 0 ? pid : 0;
}

SweepCounts runLocalSweep(const std::string& dir, const SweepGrid& grid, const LocalSweepOptions& options, const SweepEventFn& onEvent,
                          const CancelToken& cancel) {
  RunnerLock lock(dir);
  const auto runs = grid.expand();
  std::deque<const SweepRun*> queue;
  for (const auto& r : runs)
    if (runState(dir, r) != RunState::Done) queue.push_back(&r);
  const int jobs = std::max(1, options.jobs);
  const int threadsPerRun = std::max(1, (options.threads > 0 ? options.threads : grid.threads) / jobs);

  std::list<Running> running;  // a list: a ChildProcess moves but is not reassigned
  int finishedHere = 0;
  double secondsHere = 0;
  const auto progress = [&] {
    SweepProgress p;
    p.counts = countRuns(dir, runs);
    p.counts.running = static_cast<int>(running.size());
    p.counts.pending -= p.counts.running;
    if (finishedHere > 0) {
      // Mean time per run so far, over the runs still queued or running, in `jobs` parallel lanes.
      const auto left = static_cast<double>(queue.size() + running.size());
      p.etaSeconds = secondsHere / finishedHere * left / jobs;
    }
    return p;
  };
  const auto emit = [&](SweepEvent::Kind kind, const SweepRun* run, double seconds, std::string message) {
    if (onEvent) onEvent(SweepEvent{kind, run, seconds, std::move(message)}, progress());
  };

  while (!queue.empty() || !running.empty()) {
    if (cancel.cancelled()) {
      for (auto& r : running) r.process.interrupt();
      const auto asked = Clock::now();
      for (auto& r : running) {
        while (!r.process.poll()) {
          if (secondsSince(asked) > 30) r.process.kill();  // a child that ignores SIGINT
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
      throw Cancelled{};
    }
    while (static_cast<int>(running.size()) < jobs && !queue.empty()) {
      const SweepRun* run = queue.front();
      queue.pop_front();
      clearFailed(dir, *run);
      ChildProcess child(options.program, quantizeArguments(grid, *run, runFolderOf(dir, *run), threadsPerRun),
                         logFileOf(dir, *run, ".out"), logFileOf(dir, *run, ".err"));
      running.push_back({run, std::move(child), Clock::now()});
      emit(SweepEvent::Kind::Started, run, 0, "");
    }
    for (auto it = running.begin(); it != running.end();) {
      const auto status = it->process.poll();
      if (!status) {
        ++it;
        continue;
      }
      const double seconds = secondsSince(it->started);
      const SweepRun* run = it->run;
      it = running.erase(it);
      if (cancel.cancelled()) continue;  // interrupted by the same Ctrl-C: neither done nor failed
      const bool done = *status == 0 && runState(dir, *run) == RunState::Done;
      ++finishedHere, secondsHere += seconds;
      if (done) {
        emit(SweepEvent::Kind::Done, run, seconds, "");
      } else {
        markFailed(dir, *run, *status);
        emit(SweepEvent::Kind::Failed, run, seconds, "exit status " + std::to_string(*status) + ": " + failureOf(dir, *run));
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return countRuns(dir, runs);
}

}  // namespace vq
