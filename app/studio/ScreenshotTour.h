#pragma once
// `vitquant-studio --screenshot DIR`: loads the built-in DeiT, runs two small W4A4 calibrations (minmax, then
// percentile with its sensitivity analysis) and a few test-set predictions, then renders the runs, histograms, sensitivity and inference tabs into
// DIR/runs.png, histograms.png, sensitivity.png and inference.png and quits (exit 1 with an error line if
// anything fails).
#include <QObject>
#include <QString>

class MainWindow;

class ScreenshotTour : public QObject {
  Q_OBJECT
public:
  ScreenshotTour(MainWindow* window, QString dir, QString model);
  void start();

private:
  void step(const QString& title, bool ok, const QString& message);
  void capture();
  void fail(const QString& message);

  MainWindow* window_;
  QString dir_, model_;
  int stage_ = 0;
  int shot_ = 0;
};
