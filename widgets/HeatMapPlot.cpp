#include "widgets/HeatMapPlot.h"

#include "widgets/PlotStyle.h"

#include <algorithm>
#include <cmath>

namespace {

// Viridis, sampled at five stops: even in lightness, readable in grey print and by colour-blind readers.
QCPColorGradient sequential() {
  QCPColorGradient g;
  g.setColorStopAt(0.0, QColor(68, 1, 84));
  g.setColorStopAt(0.25, QColor(59, 82, 139));
  g.setColorStopAt(0.5, QColor(33, 145, 140));
  g.setColorStopAt(0.75, QColor(94, 201, 98));
  g.setColorStopAt(1.0, QColor(253, 231, 37));
  g.setNanHandling(QCPColorGradient::nhTransparent);  // cells without data (e.g. fewer heads in a layer)
  return g;
}

QCPColorGradient diverging() {
  QCPColorGradient g;
  g.setColorStopAt(0.0, QColor(33, 102, 172));
  g.setColorStopAt(0.5, QColor(247, 247, 247));
  g.setColorStopAt(1.0, QColor(178, 24, 43));
  g.setNanHandling(QCPColorGradient::nhTransparent);
  return g;
}

}  // namespace

HeatMapPlot::HeatMapPlot(QWidget* parent) : QCustomPlot(parent) {
  map_ = new QCPColorMap(xAxis, yAxis);
  map_->setInterpolate(false);  // one flat colour per cell: the cells are the data
  scale_ = new QCPColorScale(this);
  scale_->setType(QCPAxis::atRight);
  plotLayout()->addElement(0, 1, scale_);
  map_->setColorScale(scale_);
  map_->setGradient(sequential());
  // The plot and its scale share top and bottom margins, so their axes line up.
  auto* margins = new QCPMarginGroup(this);
  axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
  scale_->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
  applyPalette(this);
  const QColor text = palette().color(QPalette::WindowText);
  scale_->axis()->setBasePen(QPen(text));
  scale_->axis()->setTickPen(QPen(text));
  scale_->axis()->setSubTickPen(QPen(text));
  scale_->axis()->setTickLabelColor(text);
  scale_->axis()->setLabelColor(text);
}

void HeatMapPlot::setMatrix(const std::vector<std::vector<double>>& values, const QCPRange& columns, const QCPRange& rows) {
  values_ = values;
  const int ny = static_cast<int>(values.size());
  const int nx = ny ? static_cast<int>(values.front().size()) : 0;
  map_->data()->setSize(nx, ny);
  map_->data()->setRange(columns, rows);
  double lo = INFINITY, hi = -INFINITY;
  for (int y = 0; y < ny; ++y)
    for (int x = 0; x < nx && x < static_cast<int>(values[static_cast<size_t>(y)].size()); ++x) {
      const double v = values[static_cast<size_t>(y)][static_cast<size_t>(x)];
      map_->data()->setCell(x, y, v);
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  if (!std::isfinite(lo)) lo = hi = 0;
  if (diverging_) {
    const double m = std::max({std::abs(lo), std::abs(hi), 1e-9});
    map_->setDataRange(QCPRange(-m, m));
  } else {
    map_->setDataRange(QCPRange(lo, hi > lo ? hi : lo + 1e-9));
  }
  // Half a cell of margin on each side, so the outer cells show whole.
  const double dx = nx > 1 ? (columns.upper - columns.lower) / (nx - 1) : 1.0;
  const double dy = ny > 1 ? (rows.upper - rows.lower) / (ny - 1) : 1.0;
  xAxis->setRange(columns.lower - dx / 2, columns.upper + dx / 2);
  yAxis->setRange(rows.lower - dy / 2, rows.upper + dy / 2);
  replot(QCustomPlot::rpQueuedReplot);
}

void HeatMapPlot::setLabels(const QString& x, const QString& y, const QString& scale) {
  xAxis->setLabel(x);
  yAxis->setLabel(y);
  scale_->axis()->setLabel(scale);
}

void HeatMapPlot::setTickNames(QCPAxis* axis, const QStringList& names) {
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (int i = 0; i < names.size(); ++i) ticker->addTick(i, names[i]);
  axis->setTicker(ticker);
  axis->setSubTicks(false);
}

void HeatMapPlot::setDiverging(bool on) {
  diverging_ = on;
  map_->setGradient(on ? diverging() : sequential());
}
