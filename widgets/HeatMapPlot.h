#pragma once
// A matrix drawn as coloured cells with a labelled colour scale: the loss surface of the landscape view and
// the layer × head entropies of the entropy view. Sequential data get a perceptually even gradient;
// differences get a diverging one, white at zero, so the sign reads at a glance.
#include "widgets/CustomPlot.h"

#include <vector>

class HeatMapPlot : public QCustomPlot {
  Q_OBJECT
public:
  explicit HeatMapPlot(QWidget* parent = nullptr);

  // values[row][column]; the cell centres span `columns` along x and `rows` along y.
  void setMatrix(const std::vector<std::vector<double>>& values, const QCPRange& columns, const QCPRange& rows);
  void setLabels(const QString& x, const QString& y, const QString& scale);
  // Names instead of numbers on an axis, one per cell starting at 0 (layers, heads).
  void setTickNames(QCPAxis* axis, const QStringList& names);
  void setDiverging(bool on);
  bool hasData() const { return !values_.empty(); }
  double cell(int row, int column) const { return values_.at(static_cast<size_t>(row)).at(static_cast<size_t>(column)); }

private:
  QCPColorMap* map_;
  QCPColorScale* scale_;
  std::vector<std::vector<double>> values_;
  bool diverging_ = false;
};
