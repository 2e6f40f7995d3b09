#pragma once
// `vitquant-studio --screenshot DIR`: loads the built-in DeiT and runs, small but real, what every view draws:
// two W4A4 runs (minmax, then modcap with its sensitivity analysis), a few test-set predictions, the
// quantizer fit of a post-Softmax site, 1-D and 2-D loss landscapes and the attention entropy of the modcap
// run against the minmax one. Then it renders each tab into DIR (runs, histograms, sensitivity, inference,
// fit, landscape, oscillation and entropy .png) and quits (exit 1 with an error line if anything fails).
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
