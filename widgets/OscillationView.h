#pragma once
// The oscillation tab (MRECG / ModCap, docs/design/methods.md §5), drawn from a `modcap` run's report: each unit's
// capacity as bars with the differentials between neighbours (the top-k merged pairs highlighted), the
// reconstruction loss along depth for plain BRECQ and for modcap with their oscillation indices, and the
// loss against iteration for a chosen unit under both.
#include <QWidget>

#include <memory>

namespace vq {
struct RunSummary;
struct ModcapReport;
}  // namespace vq

class GuidePanel;
class QCPBars;
class QCPGraph;
class QComboBox;
class QCustomPlot;
class QLabel;

class OscillationView : public QWidget {
  Q_OBJECT
public:
  explicit OscillationView(QWidget* parent = nullptr);

  // A run's summary; runs of other methods show how to get a modcap run.
  void setRun(std::shared_ptr<const vq::RunSummary> run);
  void clear();
  bool hasData() const { return report_ != nullptr; }
  int unitCount() const;
  int mergedCount() const;
  void selectUnit(const QString& unit);
  QString selectedUnit() const;
  int iterationPoints() const;  // points of the chosen unit's curves, both methods together
  QCustomPlot* plot() const { return depth_; }
  QCustomPlot* capacityPlot() const { return capacity_; }
  QCustomPlot* iterationPlot() const { return iterations_; }
  GuidePanel* guide() const { return guide_; }

Q_SIGNALS:
  void exampleRequested();

private:
  void drawIterations();

  GuidePanel* guide_;
  QLabel* summary_;
  QComboBox* unit_;
  QCustomPlot* capacity_;
  QCPBars* capacityBars_;
  QCPBars* differentialBars_;
  QCPBars* mergedBars_;
  QCustomPlot* depth_;
  QCPGraph* brecqDepth_;
  QCPGraph* modcapDepth_;
  QCustomPlot* iterations_;
  QCPGraph* brecqCurve_;
  QCPGraph* modcapCurve_;
  std::shared_ptr<const vq::RunSummary> run_;
  const vq::ModcapReport* report_ = nullptr;  // inside run_
  int iters_ = 0;
  bool scaledIters_ = false;  // merged units ran iters × their size
};
