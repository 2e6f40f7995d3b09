#include "core/sweep/local_sweep.h"

#include "core/sweep/child_process.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <chrono>
#include <deque>
#include <filesystem>
#include <list>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace vq {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string pidFile(const std::string& dir) { return (fs::path(dir) / "runner.pid").string(); }
std::string cancelFile(const std::string& dir) { return (fs::path(dir) / "cancel-requested").string(); }

int pidIn(int fd) {
  char text[32] = {};
  const auto n = ::pread(fd, text, sizeof text - 1, 0);
  return n > 0 ? std::atoi(text) : 0;
}

// runner.pid, flock'ed for the runner's lifetime: the kernel drops the lock when the runner ends however it
// ends, so a live lock is a live runner and a file without one is a leftover.
class RunnerLock {
public:
  explicit RunnerLock(const std::string& dir) : path_(pidFile(dir)) {
    while (true) {
      fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (fd_ < 0) inputError(path_, std::string("cannot create: ") + std::strerror(errno));
      if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int other = pidIn(fd_);
        ::close(fd_);
        inputError(dir, "a sweep is already running here (pid " + std::to_string(other) + "); `vitquant sweep cancel` stops it");
      }
      // The file may have been removed by the runner that held it between our open and our lock: lock the
      // file that is there now, not the removed one.
      struct stat held {}, there {};
      if (::fstat(fd_, &held) == 0 && ::stat(path_.c_str(), &there) == 0 && held.st_ino == there.st_ino && held.st_dev == there.st_dev) break;
      ::close(fd_);
    }
    const auto text = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
      inputError(path_, "cannot write");
  }
  ~RunnerLock() {
    ::unlink(path_.c_str());  // before the lock goes, so that no one locks a file about to vanish
    ::close(fd_);
  }
  RunnerLock(const RunnerLock&) = delete;
  RunnerLock& operator=(const RunnerLock&) = delete;

private:
  std::string path_;
  int fd_ = -1;
};

struct Running {
  const SweepRun* run;
  ChildProcess process;
  Clock::time_point started;
};

}  // namespace

int runningLocalSweep(const std::string& dir) {
  const int fd = ::open(pidFile(dir).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  int pid = 0;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) pid = std::max(1, pidIn(fd));  // locked: a runner holds it
  ::close(fd);
  return pid;
}

void requestSweepCancel(const std::string& dir) { writeFileAtomically(cancelFile(dir), "cancel\n"); }

SweepCounts runLocalSweep(const std::string& dir, const SweepGrid& grid, const LocalSweepOptions& options, const SweepEventFn& onEvent,
                          const CancelToken& cancel) {
  RunnerLock lock(dir);
  std::error_code ec;
  fs::remove(cancelFile(dir), ec);  // a request left by an earlier attempt is not for this one
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
    for (const auto& r : running)  // a running run is counted as running, even once its folder is there
      --(runState(dir, *r.run) == RunState::Done ? p.counts.done : p.counts.pending);
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
    if (cancel.cancelled() || fs::exists(cancelFile(dir))) {  // Ctrl-C, or `sweep cancel` from anywhere
      for (auto& r : running) r.process.interrupt();
      const auto asked = Clock::now();
      for (auto& r : running) {
        while (!r.process.poll()) {
          if (secondsSince(asked) > 30) r.process.kill();  // a child that ignores SIGINT
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
      fs::remove(cancelFile(dir), ec);
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
      if (cancel.cancelled() || fs::exists(cancelFile(dir))) continue;  // interrupted by the same cancel: neither done nor failed
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
