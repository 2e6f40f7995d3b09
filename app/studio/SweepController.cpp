#include "app/studio/SweepController.h"

#include "app/studio/StudioSession.h"
#include "app/studio/SweepJobs.h"
#include "core/run/run_summary.h"
#include "widgets/SweepView.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QTabWidget>
#include <QTimer>

SweepController::SweepController(StudioSession& session, const StudioViews& views, QObject* parent)
    : QObject(parent), session_(session), views_(views) {}

void SweepController::addMenuActions(QMenu* file) {
  file->addAction(tr("Open S&weep…"), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(views_.window, tr("Open a sweep folder (vitquant sweep run --out)"));
    if (!dir.isEmpty()) openSweep(dir);
  });
  file->addAction(tr("R&un Sweep…"), this, [this] {
    const QString grid = QFileDialog::getOpenFileName(views_.window, tr("Run a sweep file"), {}, tr("Sweep files (*.json)"));
    if (grid.isEmpty()) return;
    // Beside the file, named after it: running the same file again resumes the same folder.
    const QFileInfo info(grid);
    runSweep(grid, info.dir().filePath(info.completeBaseName() + "-sweep"));
  });
}

bool SweepController::openSweep(const QString& folder) {
  if (session_.refuseIfBusy(false)) return false;
  return session_.jobs().run(tr("open sweep %1").arg(QFileInfo(folder).fileName()), openSweepJob(folder), [this, folder](OpenedSweep opened) {
    for (const auto& run : opened.runs)
      session_.addRun(run, tr(" seed %1").arg(run->summary->seed));  // a sweep repeats a cell per seed
    views_.sweep->setTable(opened.table, folder);
    views_.tabs->setCurrentWidget(views_.sweep);
    session_.log(tr("Sweep %1 opened: %2 of %3 runs finished").arg(folder).arg(opened.table->finished).arg(opened.table->total));
  });
}

bool SweepController::runSweep(const QString& gridFile, const QString& folder, int jobs) {
  if (session_.refuseIfBusy(false)) return false;
  return session_.jobs().run(tr("sweep %1").arg(QFileInfo(gridFile).fileName()), runSweepJob(gridFile, folder, jobs, 0),  // the file's threads
                             [this, folder](int failed) {
                               if (failed > 0) session_.log(tr("%1 runs of the sweep failed; their logs are in %2/logs").arg(failed).arg(folder));
                               // After this job has left the runner, so that opening is a job of its own.
                               QTimer::singleShot(0, this, [this, folder] { openSweep(folder); });
                             });
}
