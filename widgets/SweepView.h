#pragma once
// The sweep tab: a sweep's top-1 against bits, one line per method and option set, each point the mean over
// its finished seeds with an error bar of ± one sample standard deviation, the float top-1 as a dashed
// line; one model at a time (chosen above the chart). Fed plain data: core's SweepTable.
#include "core/sweep/sweep_table.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QCustomPlot;
class QLabel;

class SweepView : public QWidget {
  Q_OBJECT
public:
  explicit SweepView(QWidget* parent = nullptr);

  void setTable(std::shared_ptr<const vq::SweepTable> table, const QString& folder);
  void clear();
  bool hasData() const { return table_ != nullptr; }
  void selectModel(int index);
  int seriesCount() const;     // lines drawn for the model shown
  int errorBarCount() const;   // points with two or more seeds (drawn with an error bar)
  QCustomPlot* plot() const { return plot_; }

private:
  void draw();

  QLabel* summary_;
  QComboBox* model_;
  QCustomPlot* plot_;
  std::shared_ptr<const vq::SweepTable> table_;
  int errorBars_ = 0;
};
