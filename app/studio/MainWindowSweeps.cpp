// The main window's sweeps: File → Open Sweep shows a sweep folder (its chart with error bars in the Sweep
// tab, its finished runs in the runs table); File → Run Sweep runs or resumes a sweep file here, with its
// progress in the job bar, and opens the result.
#include "app/studio/AnalysisJobs.h"
#include "app/studio/MainWindow.h"
#include "app/studio/SweepJobs.h"
#include "widgets/RunsView.h"
#include "widgets/SweepView.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>


void MainWindow::addSweepMenu(QMenu* file) {
  file->addAction(tr("Open S&weep…"), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a sweep folder (vitquant sweep run --out)"));
    if (!dir.isEmpty()) openSweep(dir);
  });
  file->addAction(tr("R&un Sweep…"), this, [this] {
    const QString grid = QFileDialog::getOpenFileName(this, tr("Run a sweep file"), {}, tr("Sweep files (*.json)"));
    if (grid.isEmpty()) return;
    // Beside the file, named after it: running the same file again resumes the same folder.
    const QFileInfo info(grid);
    runSweep(grid, info.dir().filePath(info.completeBaseName() + "-sweep"));
  });
}

bool MainWindow::openSweep(const QString& folder) {
  if (loading_ || jobs_.isBusy()) {
    statusBar()->showMessage(tr("A job is running"));
    return false;
  }
  auto opened = std::make_shared<OpenedSweep>();
  return jobs_.start(tr("open sweep %1").arg(QFileInfo(folder).fileName()), openSweepJob(folder, opened), [this, opened, folder] {
    for (const auto& run : opened->runs) {
      run->id = static_cast<int>(runs_.size()) + 1;
      run->label = runLabel(*run) + tr(" seed %1").arg(run->summary["seed"].toInt());  // a sweep repeats a cell per seed
      runs_.push_back(run);
      runsView_->addRun(run->id, run->summary);
    }
    sweep_->setTable(opened->table, folder);
    tabs_->setCurrentWidget(sweep_);
    log(tr("Sweep %1 opened: %2 of %3 runs finished").arg(folder).arg(opened->table->finished).arg(opened->table->total));
  });
}

bool MainWindow::runSweep(const QString& gridFile, const QString& folder, int jobs) {
  if (loading_ || jobs_.isBusy()) {
    statusBar()->showMessage(tr("A job is running"));
    return false;
  }
  auto failed = std::make_shared<int>(0);
  return jobs_.start(tr("sweep %1").arg(QFileInfo(gridFile).fileName()), runSweepJob(gridFile, folder, jobs, 0, failed),  // the file's threads
                     [this, failed, folder] {
                       if (*failed > 0) log(tr("%1 runs of the sweep failed; their logs are in %2/logs").arg(*failed).arg(folder));
                       // After this job has left the runner, so that opening is a job of its own.
                       QTimer::singleShot(0, this, [this, folder] { openSweep(folder); });
                     });
}
