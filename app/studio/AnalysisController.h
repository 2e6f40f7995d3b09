#pragma once
// The method views: quantizer fit and loss landscape (of the float model), oscillation and attention entropy
// (of the current run) — their jobs, what they show when the model or the run changes, the seed papers'
// examples, and guided mode (each view's "what am I looking at" panel).
#include "app/studio/StudioViews.h"
#include "widgets/EntropyView.h"
#include "widgets/LandscapeView.h"

#include <QObject>

#include <memory>

class RunController;
class StudioSession;
struct StudioRun;

class AnalysisController : public QObject {
  Q_OBJECT
public:
  AnalysisController(StudioSession& session, const StudioViews& views, RunController& runs, QObject* parent = nullptr);

  // Each starts a job; false (with the reason in the status bar) when a job runs or nothing is there to work on.
  bool startFit(const QString& site);
  bool startLandscape(const LandscapeRequest& request);
  bool startEntropy(const EntropyRequest& request);

  // Persists in QSettings; announced so that a menu can follow it.
  void setGuidedMode(bool on);
  bool guidedMode() const;

  // A model was loaded: the views list its post-Softmax sites and its blocks.
  void showModel();

Q_SIGNALS:
  void guidedModeChanged(bool on);

private:
  void showRun(const std::shared_ptr<StudioRun>& run);

  StudioSession& session_;
  StudioViews views_;
  RunController& runs_;
};
