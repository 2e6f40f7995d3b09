#pragma once
// The studio's main window: the run setup on the left, a tab per view, the job bar and the log below, and the
// menus. It builds the views and hands them to the controllers that act on the session — runs, analyses,
// sweeps, export (docs/design/architecture.md §4); itself it only loads models and shows what they announce.
#include "app/studio/JobRunner.h"
#include "app/studio/StudioViews.h"

#include <QMainWindow>

class AnalysisController;
class ExportController;
class JobBar;
class QAction;
class QPlainTextEdit;
class RunController;
class StudioSession;
class SweepController;

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  void openModel(const QString& spec);
  bool isLoading() const;
  bool isBusy() const;
  void cancelJob();

  StudioSession* session() const { return session_; }
  RunController* runs() const { return runs_; }
  AnalysisController* analyses() const { return analyses_; }
  SweepController* sweeps() const { return sweeps_; }
  ExportController* exports() const { return exports_; }

  const StudioViews& views() const { return views_; }
  ModelStructureView* structureView() const { return views_.structure; }
  RunSetupPanel* setupPanel() const { return views_.setup; }
  RunsView* runsView() const { return views_.runs; }
  HistogramsView* histogramsView() const { return views_.histograms; }
  SensitivityView* sensitivityView() const { return views_.sensitivity; }
  InferenceView* inferenceView() const { return views_.inference; }
  QuantizerFitView* fitView() const { return views_.fit; }
  LandscapeView* landscapeView() const { return views_.landscape; }
  OscillationView* oscillationView() const { return views_.oscillation; }
  EntropyView* entropyView() const { return views_.entropy; }
  SweepView* sweepView() const { return views_.sweep; }
  QTabWidget* tabs() const { return views_.tabs; }
  JobBar* jobBar() const { return jobBar_; }

Q_SIGNALS:
  void modelLoaded(const QString& spec);
  void modelFailed(const QString& error);
  void jobFinished(const QString& title, JobOutcome outcome, const QString& message);

protected:
  void closeEvent(QCloseEvent* event) override;

private:
  void buildViews();
  void buildDocks();
  void buildMenus();
  void connectJobs();
  void chooseModelFolder();
  void rememberRecent(const QString& spec);
  void log(const QString& line);

  StudioSession* session_;
  StudioViews views_;
  RunController* runs_ = nullptr;
  AnalysisController* analyses_ = nullptr;
  SweepController* sweeps_ = nullptr;
  ExportController* exports_ = nullptr;
  JobBar* jobBar_ = nullptr;
  QPlainTextEdit* log_ = nullptr;
  QAction* guidedAction_ = nullptr;
};
