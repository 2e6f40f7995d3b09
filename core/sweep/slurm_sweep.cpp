#include "core/sweep/slurm_sweep.h"

#include "core/io/json_file.h"
#include "core/sweep/child_process.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <sstream>
#include <thread>

namespace vq {
namespace fs = std::filesystem;
namespace {

std::string jobFile(const std::string& dir) { return (fs::path(dir) / "slurm.json").string(); }

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string firstLine(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  return line;
}

// "1,3,4-7": the array indices sbatch takes.
std::string arraySpec(const std::vector<int>& indices) {
  std::string out;
  for (size_t i = 0; i < indices.size();) {
    size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    out += (out.empty() ? "" : ",") + std::to_string(indices[i]) + (j > i ? "-" + std::to_string(indices[j]) : "");
    i = j + 1;
  }
  return out;
}

struct QueueState {
  bool listed = false;  // the job still has tasks in the queue
  int running = 0;
};

// squeue's view of the job. A job that has left the queue is either not listed or, once slurmctld has
// forgotten it, an "Invalid job id" error; any other failure is retried by the caller.
std::optional<QueueState> queueState(const std::string& job) {
  std::string out, err;
  const int status = runAndCapture("squeue", {"-h", "-j", job, "-o", "%i %T"}, out, err);
  if (status != 0) {
    if (err.find("Invalid job id") != std::string::npos) return QueueState{};
    return std::nullopt;
  }
  QueueState s;
  std::istringstream in(out);
  std::string id, state;
  while (in >> id >> state) {
    s.listed = true;
    s.running += state == "RUNNING" || state == "COMPLETING";
  }
  return s;
}

// slurm.json: {"job": "123", "array": "0-3"}, plus "cancelled": true once `sweep cancel` has scancelled it.
nlohmann::json storedJob(const std::string& dir) {
  if (!fs::exists(jobFile(dir))) return nullptr;
  const auto j = readJsonFile(jobFile(dir), 1 << 20);
  // The id goes to squeue and scancel as an argument: digits only, never an option.
  if (!j.is_object() || !j.contains("job") || !j.at("job").is_string() || j.at("job").get<std::string>().empty() ||
      j.at("job").get<std::string>().find_first_not_of("0123456789") != std::string::npos)
    inputError(jobFile(dir), "has no job id (\"job\": digits)");
  return j;
}

bool cancelRequested(const std::string& dir) {
  const auto j = storedJob(dir);
  return j.is_object() && j.contains("cancelled") && j.at("cancelled") == true;
}

std::string submit(const std::string& dir, const std::vector<int>& indices, const SlurmSweepOptions& options) {
  // The folder's path is written into #SBATCH --output, where Slurm reads % as a pattern and stops at a space.
  if (fs::absolute(dir).string().find_first_of(" \t\n%'\"\\") != std::string::npos)
    inputError(dir, "a Slurm sweep folder's path must not hold spaces, quotes, backslashes or %");
  const auto script = (fs::path(dir) / "sweep.sbatch").string();
  writeFileAtomically(script, slurmBatchScript(dir, indices, options));
  std::string out, err;
  const int status = runAndCapture("sbatch", {"--parsable", script}, out, err);
  if (status != 0) inputError(script, "sbatch refused it: " + firstLine(err.empty() ? out : err));
  const auto job = firstLine(out).substr(0, firstLine(out).find(';'));  // "123" or "123;cluster"
  if (job.empty() || job.find_first_not_of("0123456789") != std::string::npos) inputError(script, "sbatch printed no job id: " + firstLine(out));
  writeFileAtomically(jobFile(dir), nlohmann::json{{"job", job}, {"array", arraySpec(indices)}}.dump() + "\n");
  return job;
}

}  // namespace

std::string slurmBatchScript(const std::string& dir, const std::vector<int>& indices, const SlurmSweepOptions& options) {
  const auto logs = fs::absolute(fs::path(dir) / "logs").string();
  std::string s = "#!/bin/sh\n# Written by `vitquant sweep run --backend slurm`: task i runs run i of " + fs::absolute(dir).string() +
                  "/sweep.json.\n#SBATCH --job-name=vitquant-sweep\n#SBATCH --array=" + arraySpec(indices) +
                  "\n#SBATCH --cpus-per-task=" + std::to_string(options.settings.cpusPerTask) + "\n#SBATCH --output=" + logs +
                  "/slurm-%A_%a.out\n";
  if (!options.settings.partition.empty()) s += "#SBATCH --partition=" + options.settings.partition + "\n";
  if (!options.settings.time.empty()) s += "#SBATCH --time=" + options.settings.time + "\n";
  if (!options.settings.mem.empty()) s += "#SBATCH --mem=" + options.settings.mem + "\n";
  s += "exec " + quoted(options.program) + " sweep run-one " + quoted(fs::absolute(dir).string()) + " \"$SLURM_ARRAY_TASK_ID\" --threads " +
       std::to_string(options.settings.cpusPerTask) + "\n";
  return s;
}

std::string activeSlurmJob(const std::string& dir) {
  const auto stored = storedJob(dir);
  if (stored.is_null()) return "";
  const auto job = stored.at("job").get<std::string>();
  const auto state = queueState(job);
  return state && !state->listed ? "" : job;  // an unanswered squeue counts as still there
}

bool cancelSlurmJob(const std::string& dir) {
  const auto job = activeSlurmJob(dir);
  if (job.empty()) return false;
  auto stored = storedJob(dir);
  stored["cancelled"] = true;  // first, so that the runner polling the job reads the end as a cancel
  writeFileAtomically(jobFile(dir), stored.dump() + "\n");
  std::string out, err;
  if (runAndCapture("scancel", {job}, out, err) != 0) inputError(jobFile(dir), "scancel " + job + " failed: " + firstLine(err));
  return true;
}

SweepCounts runSlurmSweep(const std::string& dir, const SweepGrid& grid, const SlurmSweepOptions& options,
                          const std::function<void(const SweepProgress&)>& onProgress, const CancelToken& cancel) {
  const auto runs = grid.expand();
  const auto waitFor = [&](const std::string& job) {
    // A cancel recorded before this wait began is an earlier attempt's, not a request to stop this one.
    const bool cancelledBefore = cancelRequested(dir);
    int unanswered = 0;
    std::string last;
    while (true) {
      if (cancel.cancelled()) {
        std::string out, err;
        runAndCapture("scancel", {job}, out, err);
        throw Cancelled{};
      }
      const auto state = queueState(job);
      if (!state) {
        if (++unanswered * options.pollSeconds > 120) inputError("squeue", "has not answered for two minutes (is slurmctld running?)");
      } else {
        unanswered = 0;
        SweepProgress p;
        p.counts = countRuns(dir, runs);
        p.counts.running = state->running;
        p.counts.pending -= std::min(p.counts.pending, state->running);
        const auto now = nlohmann::json{p.counts.done, p.counts.failed, p.counts.running, p.counts.pending}.dump();
        if (onProgress && now != last) onProgress(p);
        last = now;
        if (!state->listed) {
          if (!cancelledBefore && cancelRequested(dir)) throw Cancelled{};  // `sweep cancel` from elsewhere scancelled it
          return;
        }
      }
      std::this_thread::sleep_for(std::chrono::duration<double>(options.pollSeconds));
    }
  };
  // A job this folder submitted earlier that is still queued (the command was stopped, not the job): wait for
  // it before submitting what it leaves undone.
  if (const auto earlier = activeSlurmJob(dir); !earlier.empty()) waitFor(earlier);
  std::vector<int> submitted;
  for (const auto& r : runs)
    if (runState(dir, r) != RunState::Done) submitted.push_back(r.index);
  if (submitted.empty()) return countRuns(dir, runs);
  const auto job = submit(dir, submitted, options);
  for (int index : submitted) clearFailed(dir, runs[index]);  // once submitted: a refused sbatch keeps the record
  waitFor(job);
  // Tasks the queue let go without a result or a failure marker (time limit, node failure) failed.
  for (int index : submitted)
    if (runState(dir, runs[index]) == RunState::Pending)
      markFailed(dir, runs[index], -1, "the Slurm task ended without a result (see logs/slurm-" + job + "_" + std::to_string(index) + ".out)");
  return countRuns(dir, runs);
}

int runOneSweepRun(const std::string& dir, int index, int threads, const std::string& program) {
  const auto grid = openSweepFolder(dir);
  const auto runs = grid.expand();
  if (index < 0 || index >= static_cast<int>(runs.size()))
    usageError("run index " + std::to_string(index) + " is outside the sweep's " + std::to_string(runs.size()) + " runs");
  const auto& run = runs[index];
  if (runState(dir, run) == RunState::Done) return 0;
  clearFailed(dir, run);
  ChildProcess child(program, quantizeArguments(grid, run, runFolderOf(dir, run), threads), logFileOf(dir, run, ".out"),
                     logFileOf(dir, run, ".err"), false);
  std::optional<int> status;
  while (!(status = child.poll())) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  if (*status != 0 || runState(dir, run) != RunState::Done) markFailed(dir, run, *status);
  return *status;
}

}  // namespace vq
