#include "app/studio/ScreenshotTour.h"

#include "app/studio/MainWindow.h"
#include "widgets/HistogramsView.h"
#include "widgets/RunsView.h"
#include "widgets/RunSetupPanel.h"

#include <QCoreApplication>
#include <QDir>
#include <QPixmap>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace {

// Small enough for a couple of minutes on two cores, large enough for every view to have real content:
// two W4A4 runs to compare, the second one analysed.
RunSettings tourSettings(const QString& model, const QString& method, bool sensitivity) {
  RunSettings s;
  s.model = model;
  s.data = "fashion-mnist";
  s.method = method;
  s.wbits = s.abits = 4;
  s.calib = 64;
  s.evalLimit = 500;
  s.analyseSensitivity = sensitivity;
  return s;
}

constexpr int kSamples = 24;
// A histogram worth looking at: post-LayerNorm values with their wide channels.
const char* kSite = "blocks.0.attn.qkv.input";

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
    if (!window_->startRun()) fail(tr("could not start the run"));
  });
  connect(window_, &MainWindow::jobFinished, this,
          [this](const QString& title, JobOutcome outcome, const QString& message) { step(title, outcome == JobOutcome::Succeeded, message); });
  window_->openModel(model_);
}

void ScreenshotTour::step(const QString& title, bool ok, const QString& message) {
  if (!ok) return fail(tr("%1: %2").arg(title, message.isEmpty() ? tr("cancelled") : message));
  ++stage_;
  if (stage_ == 2) {
    window_->setupPanel()->applySettings(tourSettings(model_, "percentile", true));
    if (!window_->startRun()) fail(tr("could not start the run"));
  } else if (stage_ == 3) {
    // the second run queues its sensitivity analysis itself
  } else if (stage_ == 4) {
    if (!window_->startInferenceOnSamples(kSamples)) fail(tr("could not start inference"));
  } else if (stage_ == 5) {
    window_->histogramsView()->selectSite(kSite);
    QTimer::singleShot(300, this, &ScreenshotTour::capture);
  }
}

void ScreenshotTour::capture() {
  // The runs tab last: selecting both runs to compare them makes the first one current in the other tabs.
  static const QList<QPair<QString, int>> shots = {{"histograms.png", 2}, {"sensitivity.png", 3}, {"inference.png", 4}, {"runs.png", 1}};
  if (shot_ >= shots.size()) {
    QCoreApplication::exit(0);
    return;
  }
  const auto& [file, tab] = shots[shot_];
  if (window_->tabs()->currentIndex() != tab) {
    // Show the tab, then grab once its layout and queued replots have run.
    if (tab == 1) window_->runsView()->selectRuns({0, 1});
    window_->tabs()->setCurrentIndex(tab);
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
