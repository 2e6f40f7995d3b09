#include "app/studio/ScreenshotTour.h"

#include "app/studio/AnalysisController.h"
#include "app/studio/MainWindow.h"
#include "app/studio/RunController.h"
#include "widgets/EntropyView.h"
#include "widgets/HistogramsView.h"
#include "widgets/InferenceView.h"
#include "widgets/LandscapeView.h"
#include "widgets/OscillationView.h"
#include "widgets/QuantizerFitView.h"
#include "widgets/RunSetupPanel.h"
#include "widgets/RunsView.h"
#include "widgets/SensitivityView.h"

#include <QCoreApplication>
#include <QDir>
#include <QPixmap>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace {

// Small enough for a few minutes on two cores, large enough for every view to have real content: two W4A4
// runs to compare, the second one (modcap, with fewer reconstruction steps than its default) analysed.
RunSettings tourSettings(const QString& model, const QString& method, bool sensitivity) {
  RunSettings s;
  s.model = model;
  s.data = "fashion-mnist";
  s.method = method;
  s.wbits = s.abits = 4;
  s.calib = 64;
  s.evalLimit = 500;
  s.analyseSensitivity = sensitivity;
  if (method == "modcap") s.options = {{"iters", "100"}};
  return s;
}

constexpr int kSamples = 24;
// A histogram worth looking at: post-LayerNorm values with their wide channels.
const char* kSite = "blocks.0.attn.qkv.input";
// The quantizer fit at I&S-ViT's hardest width, on a middle block's attention.
constexpr int kFitBits = 3;

}  // namespace

ScreenshotTour::ScreenshotTour(MainWindow* window, QString dir, QString model)
    : QObject(window), window_(window), dir_(std::move(dir)), model_(std::move(model)) {}

void ScreenshotTour::start() {
  if (!QDir().mkpath(dir_)) return fail(tr("%1: cannot create the folder").arg(dir_));
  window_->resize(1400, 900);
  connect(window_, &MainWindow::modelFailed, this, [this](const QString& e) { fail(e); });
  connect(window_, &MainWindow::modelLoaded, this, [this] {
    stage_ = 1;
    window_->setupPanel()->applySettings(tourSettings(model_, "minmax", false));  // the screenshot shows what ran
    if (!window_->runs()->startRun()) fail(tr("could not start the run"));
  });
  connect(window_, &MainWindow::jobFinished, this,
          [this](const QString& title, JobOutcome outcome, const QString& message) { step(title, outcome == JobOutcome::Succeeded, message); });
  window_->openModel(model_);
}

void ScreenshotTour::step(const QString& title, bool ok, const QString& message) {
  if (!ok) return fail(tr("%1: %2").arg(title, message.isEmpty() ? tr("cancelled") : message));
  ++stage_;
  bool started = true;
  switch (stage_) {
    case 2:
      window_->setupPanel()->applySettings(tourSettings(model_, "modcap", true));
      started = window_->runs()->startRun();
      break;
    case 3: break;  // the second run queues its sensitivity analysis itself
    case 4: started = window_->runs()->startInferenceOnSamples(kSamples); break;
    case 5: {
      const auto sites = window_->fitView()->sites();
      window_->fitView()->setBits(kFitBits);
      started = !sites.isEmpty() && window_->analyses()->startFit(sites[sites.size() / 2]);
      break;
    }
    case 6: started = window_->analyses()->startLandscape({0, 4, false, false}); break;
    case 7: started = window_->analyses()->startLandscape({0, 4, true, true}); break;
    case 8: {
      EntropyRequest request;
      request.sample = 0;
      request.compareRun = 1;
      started = window_->analyses()->startEntropy(request);
      break;
    }
    default:
      window_->histogramsView()->selectSite(kSite);
      QTimer::singleShot(300, this, &ScreenshotTour::capture);
  }
  if (!started) fail(tr("could not start the next job"));
}

void ScreenshotTour::capture() {
  // The runs tab last: selecting both runs to compare them makes the first one current in the other tabs.
  const QList<QPair<QString, QWidget*>> shots = {{"histograms.png", window_->histogramsView()}, {"sensitivity.png", window_->sensitivityView()},
                                                  {"inference.png", window_->inferenceView()},   {"fit.png", window_->fitView()},
                                                  {"landscape.png", window_->landscapeView()},   {"oscillation.png", window_->oscillationView()},
                                                  {"entropy.png", window_->entropyView()},       {"runs.png", window_->runsView()}};
  if (shot_ >= shots.size()) {
    QCoreApplication::exit(0);
    return;
  }
  const auto& [file, tab] = shots[shot_];
  if (window_->tabs()->currentWidget() != tab) {
    // Show the tab, then grab once its layout and queued replots have run.
    if (tab == window_->runsView()) window_->runsView()->selectRuns({0, 1});
    window_->tabs()->setCurrentWidget(tab);
    QTimer::singleShot(300, this, &ScreenshotTour::capture);
    return;
  }
  const QString path = QDir(dir_).filePath(file);
  if (!window_->grab().save(path)) return fail(tr("%1: could not write the screenshot").arg(path));
  QTextStream(stdout) << path << Qt::endl;
  ++shot_;
  capture();
}

void ScreenshotTour::fail(const QString& message) {
  std::fprintf(stderr, "error: %s\n", qPrintable(message));
  QCoreApplication::exit(1);
}
