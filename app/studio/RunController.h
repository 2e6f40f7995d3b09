#pragma once
// The studio's runs: quantize and evaluate with the setup panel's settings, reopen a saved run, analyse a
// run's sensitivity, compare float and quantized answers on images, and show the current run in the runs,
// histogram, sensitivity and inference views. The run setup panel's method options follow the loaded model.
#include "app/studio/StudioViews.h"

#include <QObject>
#include <QStringList>

#include <map>
#include <memory>
#include <string>

class StudioSession;
struct InferenceInput;
struct RunSettings;
struct StudioRun;

class RunController : public QObject {
  Q_OBJECT
public:
  RunController(StudioSession& session, const StudioViews& views, QObject* parent = nullptr);

  // Each starts a job; false (with the reason in the status bar) when a job runs or nothing is there to work on.
  bool startRun();  // with the panel's settings
  bool startRun(const RunSettings& settings);
  bool openRun(const QString& folder);
  bool startSensitivity(int images = 200);
  bool startInferenceOnSamples(int count);
  bool startInferenceOnFiles(const QStringList& files);
  bool startInferenceOnFolder(const QString& folder);

  // The panel's option table for its method and widths on the loaded model.
  void refreshOptions();
  // Puts a run in the panel without starting it (the method views' examples), and says so.
  void setUpExample(const QString& method, int wbits, int abits, const QString& hint, const std::map<std::string, std::string>& options = {});

private:
  bool startInference(const InferenceInput& input);
  void showRun(const std::shared_ptr<StudioRun>& run);

  StudioSession& session_;
  StudioViews views_;
};
