#pragma once
// The studio's sweeps: File → Open Sweep shows a sweep folder (its chart with error bars in the Sweep tab, its
// finished runs in the runs table); File → Run Sweep runs or resumes a sweep file here, with its progress in
// the job bar, and opens the result.
#include "app/studio/StudioViews.h"

#include <QObject>

class QMenu;
class StudioSession;

class SweepController : public QObject {
  Q_OBJECT
public:
  SweepController(StudioSession& session, const StudioViews& views, QObject* parent = nullptr);

  void addMenuActions(QMenu* file);
  // A sweep folder (`vitquant sweep run`); false if a job is running.
  bool openSweep(const QString& folder);
  // Runs (or resumes) a sweep file into `folder` with the vitquant beside the studio, then opens it.
  bool runSweep(const QString& gridFile, const QString& folder, int jobs = 1);

private:
  StudioSession& session_;
  StudioViews views_;
};
