#pragma once
// The studio's main window: the run setup on the left, a tab per view, the job bar and the log below.
// Every engine call runs through one JobRunner on a worker thread; the window only wires views to jobs.
#include "app/studio/JobRunner.h"
#include "widgets/EntropyView.h"
#include "widgets/LandscapeView.h"

#include <QMainWindow>

#include <map>
#include <memory>
#include <string>
#include <vector>

struct StudioRun;
struct InferenceInput;
struct RunSettings;
class HistogramsView;
class InferenceView;
class JobBar;
class OscillationView;
class QuantizerFitView;
class ModelStructureView;
class QMenu;
class QPlainTextEdit;
class QTabWidget;
class RunSetupPanel;
class RunsView;
class SensitivityView;
class SweepView;
namespace vq {
struct LoadedModel;
}

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  void openModel(const QString& spec);
  // Starts a quantization run with the panel's settings; false if a job is running or no model is loaded.
  bool startRun();
  bool startRun(const RunSettings& settings);
  bool startSensitivity(int images = 200);
  bool startInferenceOnSamples(int count);
  bool startInferenceOnFiles(const QStringList& files);
  bool startInferenceOnFolder(const QString& folder);
  // The method views' analyses (MainWindowAnalyses.cpp): on the float model, or on the current run.
  bool startFit(const QString& site);
  bool startLandscape(const LandscapeRequest& request);
  bool startEntropy(const EntropyRequest& request);
  // Guided mode shows each method view's "what am I looking at" panel; it persists.
  void setGuidedMode(bool on);
  bool guidedMode() const;
  void cancelJob();
  // Reopens a saved run folder (a job); false if a job is running.
  bool openRun(const QString& folder);
  // A sweep folder (`vitquant sweep run`): its chart in the Sweep tab, its finished runs in the runs table.
  bool openSweep(const QString& folder);
  // Runs (or resumes) a sweep file into `folder` with the vitquant beside the studio, then opens it.
  bool runSweep(const QString& gridFile, const QString& folder, int jobs = 1);
  // Writes the current run's saved model as ONNX (a job, MainWindowExport.cpp); false if there is no run or a job
  // is running. Refusals arrive as the job's error (jobFinished).
  bool startOnnxExport(const QString& path, bool floatSitesOk = false);
  // The current run's report (.html or .pdf) with every run of the session in its table; "" or the error.
  QString exportReport(const QString& path);
  // Where runs are saved: QSettings "paths/runs", by default the application data folder's runs/.
  static QString runsRoot();

  bool isLoading() const { return loading_; }
  bool isBusy() const;
  int runCount() const { return static_cast<int>(runs_.size()); }
  ModelStructureView* structureView() const { return structure_; }
  RunSetupPanel* setupPanel() const { return setup_; }
  RunsView* runsView() const { return runsView_; }
  HistogramsView* histogramsView() const { return histograms_; }
  SensitivityView* sensitivityView() const { return sensitivity_; }
  InferenceView* inferenceView() const { return inference_; }
  QuantizerFitView* fitView() const { return fit_; }
  LandscapeView* landscapeView() const { return landscape_; }
  OscillationView* oscillationView() const { return oscillation_; }
  EntropyView* entropyView() const { return entropy_; }
  SweepView* sweepView() const { return sweep_; }
  QTabWidget* tabs() const { return tabs_; }
  JobBar* jobBar() const { return jobBar_; }

Q_SIGNALS:
  void modelLoaded(const QString& spec);
  void modelFailed(const QString& error);
  void jobFinished(const QString& title, JobOutcome outcome, const QString& message);

protected:
  void closeEvent(QCloseEvent* event) override;

private:
  void buildMenus();
  void chooseModelFolder();
  void refreshOptions();
  void showRun(int id);
  void exportCurrentChart();
  void log(const QString& line);
  void rememberRecent(const QString& spec);
  std::shared_ptr<StudioRun> currentRun() const;
  bool startInference(const InferenceInput& input);
  // False, with the reason in the status bar, unless a model is loaded and no job runs.
  bool readyForJob();
  void addMethodViews();
  void addSweepMenu(QMenu* file);   // MainWindowSweeps.cpp
  void addExportMenu(QMenu* file);  // MainWindowExport.cpp
  void showModelInMethodViews();
  void showRunInMethodViews(const StudioRun& run);
  void setUpRunExample(const QString& method, int wbits, int abits, const QString& hint,
                       const std::map<std::string, std::string>& options = {});

  RunSetupPanel* setup_;
  QTabWidget* tabs_;
  ModelStructureView* structure_;
  RunsView* runsView_;
  HistogramsView* histograms_;
  SensitivityView* sensitivity_;
  InferenceView* inference_;
  QuantizerFitView* fit_;
  LandscapeView* landscape_;
  OscillationView* oscillation_;
  EntropyView* entropy_;
  SweepView* sweep_;
  QAction* guidedAction_ = nullptr;
  JobBar* jobBar_;
  QPlainTextEdit* log_;
  JobRunner jobs_;
  std::shared_ptr<vq::LoadedModel> fp_;
  QString fpSpec_;
  std::vector<std::shared_ptr<StudioRun>> runs_;
  int currentRunId_ = -1;
  bool loading_ = false;
};
