#include "core/sweep/sweep_folder.h"

#include "core/io/json_file.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <filesystem>
#include <fstream>

namespace vq {
namespace fs = std::filesystem;

namespace {

std::string gridFile(const std::string& dir) { return (fs::path(dir) / "sweep.json").string(); }

// Invalid UTF-8 (a path or option given in another encoding) is replaced rather than refused when written.
std::string gridText(const SweepGrid& grid) { return grid.toJson().dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"; }

}  // namespace

void prepareSweepFolder(const std::string& dir, const SweepGrid& grid) {
  std::error_code ec;
  if (fs::exists(gridFile(dir))) {
    const auto stored = openSweepFolder(dir);
    if (stored.runsJson() != grid.runsJson())
      inputError(dir, "holds another sweep (its sweep.json differs from the grid given); use a new --out folder");
    writeFileAtomically(gridFile(dir), gridText(grid));  // threads and slurm settings may change
    fs::create_directories(fs::path(dir) / "logs", ec);
    return;
  }
  if (fs::exists(dir) && (!fs::is_directory(dir) || !fs::is_empty(dir)))
    inputError(dir, "exists and is not a sweep folder (no sweep.json); use a new or empty --out folder");
  // logs/ too: a Slurm task writes its output there before it runs anything.
  fs::create_directories(fs::path(dir) / "runs", ec);
  if (!ec) fs::create_directories(fs::path(dir) / "logs", ec);
  if (ec) inputError(dir, "cannot create the sweep folder: " + ec.message());
  writeFileAtomically(gridFile(dir), gridText(grid));
}

SweepGrid openSweepFolder(const std::string& dir) {
  if (!fs::is_directory(dir)) inputError(dir, "is not a sweep folder (no such folder)");
  if (!fs::exists(gridFile(dir))) inputError(dir, "is not a sweep folder (no sweep.json)");
  return readSweepGrid(gridFile(dir));
}

std::string runFolderOf(const std::string& dir, const SweepRun& run) { return (fs::path(dir) / "runs" / run.id).string(); }

std::string logFileOf(const std::string& dir, const SweepRun& run, const std::string& extension) {
  const auto path = fs::path(dir) / "logs" / (run.id + extension);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) inputError(path.parent_path().string(), "cannot create the log folder: " + ec.message());
  return path.string();
}

RunState runState(const std::string& dir, const SweepRun& run) {
  if (fs::exists(fs::path(runFolderOf(dir, run)) / "run.json")) return RunState::Done;
  if (fs::exists(fs::path(dir) / "logs" / (run.id + ".failed"))) return RunState::Failed;
  return RunState::Pending;
}

void markFailed(const std::string& dir, const SweepRun& run, int exitStatus, const std::string& why) {
  writeFileAtomically(logFileOf(dir, run, ".failed"), std::to_string(exitStatus) + "\n" + why + "\n");
}

void clearFailed(const std::string& dir, const SweepRun& run) {
  std::error_code ec;
  fs::remove(fs::path(dir) / "logs" / (run.id + ".failed"), ec);
}

std::string failureOf(const std::string& dir, const SweepRun& run) {
  std::ifstream err(fs::path(dir) / "logs" / (run.id + ".err"));
  std::string line, last;
  while (std::getline(err, line)) {
    // Progress lines are redrawn with \r: the text after the last one is what was left on screen.
    const auto cr = line.rfind('\r');
    if (cr != std::string::npos) line = line.substr(cr + 1);
    if (!line.empty()) last = line;
  }
  if (!last.empty()) return last;
  std::ifstream marker(fs::path(dir) / "logs" / (run.id + ".failed"));
  std::string status, why;
  std::getline(marker, status);
  std::getline(marker, why);
  return why.empty() ? "exit status " + status : why;
}

SweepCounts countRuns(const std::string& dir, const std::vector<SweepRun>& runs) {
  SweepCounts c;
  c.total = static_cast<int>(runs.size());
  for (const auto& r : runs) {
    switch (runState(dir, r)) {
      case RunState::Done: ++c.done; break;
      case RunState::Failed: ++c.failed; break;
      case RunState::Pending: ++c.pending; break;
    }
  }
  return c;
}

}  // namespace vq
