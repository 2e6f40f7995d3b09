#include "widgets/ChannelRangePlot.h"

#include "widgets/PlotStyle.h"

ChannelRangePlot::ChannelRangePlot(QWidget* parent) : QCustomPlot(parent) {
  setObjectName("channel_ranges");
  mid_ = addGraph();
  mid_->setLineStyle(QCPGraph::lsNone);
  mid_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 2));
  mid_->setPen(QPen(QColor(70, 130, 180)));
  whiskers_ = new QCPErrorBars(xAxis, yAxis);
  whiskers_->setDataPlottable(mid_);
  whiskers_->setPen(QPen(QColor(70, 130, 180, 160)));
  whiskers_->setWhiskerWidth(0);
  xAxis->setLabel(tr("channel"));
  yAxis->setLabel(tr("range (min … max)"));
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  applyPalette(this);
}

void ChannelRangePlot::setRanges(const QString& site, const std::vector<double>& lo, const std::vector<double>& hi) {
  const size_t n = std::min(lo.size(), hi.size());
  QVector<double> keys, centers, below, above;
  for (size_t c = 0; c < n; ++c) {
    const double center = 0.5 * (lo[c] + hi[c]);
    keys << static_cast<double>(c);
    centers << center;
    below << center - lo[c];
    above << hi[c] - center;
  }
  channels_ = static_cast<int>(n);
  mid_->setData(keys, centers, true);
  whiskers_->setData(below, above);
  setPlotTitle(this, n ? tr("%1 — per-channel ranges").arg(site) : tr("%1 — no per-channel ranges").arg(site));
  rescaleAxes();
  replot(QCustomPlot::rpQueuedReplot);
}
