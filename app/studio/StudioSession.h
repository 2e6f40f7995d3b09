#pragma once
// The studio's session: the float model, every run made or opened so far, which run the views show, and the
// one job runner all engine work goes through. The controllers (runs, analyses, sweeps, export) act on it;
// the main window shows what it announces (docs/design/architecture.md §4).
#include "app/studio/JobRunner.h"
#include "app/studio/StudioRun.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace vq {
struct LoadedModel;
}

class StudioSession : public QObject {
  Q_OBJECT
public:
  explicit StudioSession(QObject* parent = nullptr);
  ~StudioSession() override;  // cancels the running job and waits for it: it may hold the model and runs

  JobRunner& jobs() { return jobs_; }

  const std::shared_ptr<vq::LoadedModel>& model() const { return model_; }
  const QString& modelSpec() const { return modelSpec_; }
  void setModel(std::shared_ptr<vq::LoadedModel> model, const QString& spec);
  bool isLoading() const { return loading_; }
  void setLoading(bool loading) { loading_ = loading; }

  const std::vector<std::shared_ptr<StudioRun>>& runs() const { return runs_; }
  int runCount() const { return static_cast<int>(runs_.size()); }
  // Numbers the run, names it (runLabel, then `labelSuffix`) and appends it; announces runAdded.
  void addRun(const std::shared_ptr<StudioRun>& run, const QString& labelSuffix = {});
  std::shared_ptr<StudioRun> run(int id) const;
  // The run the views show: the one chosen last, else the newest; null before the first run.
  std::shared_ptr<StudioRun> currentRun() const;
  void setCurrentRun(int id);

  // For a job about to start: true, with the reason in the status bar, while a model loads or a job runs, or
  // (if the job needs one) before a model is loaded.
  bool refuseIfBusy(bool needsModel = true);
  // For a job on the current run: the run, or null with "Run a quantization first" in the status bar.
  std::shared_ptr<StudioRun> currentRunOrSay();

  // Where runs are saved: QSettings "paths/runs", by default the application data folder's runs/.
  static QString runsRoot();

  // Lines for the log and the status bar, from whoever acts on the session.
  void log(const QString& line) { Q_EMIT logged(line); }
  void status(const QString& text) { Q_EMIT statusChanged(text); }

Q_SIGNALS:
  void runAdded(const std::shared_ptr<StudioRun>& run);
  void currentRunChanged(const std::shared_ptr<StudioRun>& run);
  void logged(const QString& line);
  void statusChanged(const QString& text);

private:
  JobRunner jobs_;
  std::shared_ptr<vq::LoadedModel> model_;
  QString modelSpec_;
  bool loading_ = false;
  std::vector<std::shared_ptr<StudioRun>> runs_;
  int currentRunId_ = -1;
};
