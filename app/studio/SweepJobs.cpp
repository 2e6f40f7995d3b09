#include "app/studio/SweepJobs.h"

#include "app/studio/StudioJobs.h"
#include "core/io/json_file.h"
#include "core/run/run_summary.h"
#include "core/sweep/local_sweep.h"
#include "core/util/error.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <filesystem>

namespace {

std::string str(const QString& s) { return s.toStdString(); }

}  // namespace

QString sweepProgram() {
  const QString chosen = qEnvironmentVariable("VQ_VITQUANT");
  return chosen.isEmpty() ? QDir(QCoreApplication::applicationDirPath()).filePath("vitquant") : chosen;
}

JobRunner::Task<OpenedSweep> openSweepJob(const QString& folder) {
  return [folder](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    progress(0.0, "reading " + str(folder));
    const auto grid = vq::openSweepFolder(str(folder));
    OpenedSweep out;
    out.table = std::make_shared<const vq::SweepTable>(vq::sweepTable(str(folder), grid));
    const auto runs = grid.expand();
    for (size_t i = 0; i < runs.size(); ++i) {
      vq::throwIfCancelled(cancel);
      if (vq::runState(str(folder), runs[i]) != vq::RunState::Done) continue;
      auto run = std::make_shared<StudioRun>();
      run->folder = QString::fromStdString(vq::runFolderOf(str(folder), runs[i]));
      const auto file = (std::filesystem::path(str(run->folder)) / "run.json").string();
      run->summary = std::make_shared<const vq::RunSummary>(vq::readRunSummary(file));
      out.runs.push_back(std::move(run));
      progress(static_cast<double>(i + 1) / runs.size(), "reading the runs");
    }
    return out;
  };
}

JobRunner::Task<int> runSweepJob(const QString& gridFile, const QString& folder, int jobs, int threads) {
  return [gridFile, folder, jobs, threads](const vq::ProgressFn& progress, const vq::CancelToken& cancel) {
    progress(0.0, "checking " + str(QFileInfo(gridFile).fileName()));
    const auto grid = vq::readSweepGrid(str(gridFile));
    vq::checkSweepOptions(grid, str(gridFile));
    const QString program = sweepProgram();
    if (!QFileInfo(program).isExecutable()) vq::inputError(str(program), "not found: the studio runs sweeps with the vitquant beside it");
    vq::prepareSweepFolder(str(folder), grid);
    const vq::LocalSweepOptions options{str(program), jobs, threads};
    const auto counts = vq::runLocalSweep(
        str(folder), grid, options,
        [&](const vq::SweepEvent&, const vq::SweepProgress& p) {
          const auto& c = p.counts;
          progress(static_cast<double>(c.done + c.failed) / std::max(1, c.total),
                   "sweep: " + std::to_string(c.done) + "/" + std::to_string(c.total) + " done, " + std::to_string(c.running) + " running, " +
                       std::to_string(c.failed) + " failed");
        },
        cancel);
    return counts.failed;
  };
}
