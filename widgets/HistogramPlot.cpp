#include "widgets/HistogramPlot.h"

#include "core/analysis/histogram_data.h"
#include "widgets/PlotStyle.h"

namespace {

// More lines than this merge into a grey band; draw only every k-th level then.
constexpr size_t kMaxLevelLines = 64;

}  // namespace

HistogramPlot::HistogramPlot(QWidget* parent) : QCustomPlot(parent) {
  setObjectName("histogram");
  bars_ = new QCPBars(xAxis, yAxis);
  bars_->setPen(Qt::NoPen);
  bars_->setBrush(QColor(70, 130, 180, 200));
  bars_->setName(tr("float values"));
  keptRange_ = new QCPItemRect(this);
  keptRange_->setPen(Qt::NoPen);
  keptRange_->setBrush(QColor(255, 165, 0, 40));
  keptRange_->setLayer("background");
  keptRange_->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
  keptRange_->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
  keptRange_->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
  keptRange_->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
  keptRange_->setVisible(false);
  xAxis->setLabel(tr("value"));
  yAxis->setLabel(tr("count"));
  setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  applyPalette(this);
  axisRect()->setRangeZoom(Qt::Horizontal);
  axisRect()->setRangeDrag(Qt::Horizontal);
}

bool HistogramPlot::hasData() const { return !bars_->data()->isEmpty(); }

void HistogramPlot::setHistogram(const vq::SiteHistogram& h) {
  QVector<double> keys, values;
  for (size_t i = 0; i + 1 < h.edges.size() && i < h.counts.size(); ++i) {
    keys << 0.5 * (h.edges[i] + h.edges[i + 1]);
    values << static_cast<double>(h.counts[i]);
  }
  bars_->setData(keys, values, true);
  bars_->setWidth(h.edges.size() > 1 ? (h.edges.back() - h.edges.front()) / static_cast<double>(h.edges.size() - 1) : 1.0);

  for (auto* line : levels_) removeItem(line);
  levels_.clear();
  const size_t stride = h.levels.size() > kMaxLevelLines ? (h.levels.size() + kMaxLevelLines - 1) / kMaxLevelLines : 1;
  for (size_t i = 0; i < h.levels.size(); i += stride) {
    auto* line = new QCPItemStraightLine(this);
    line->point1->setCoords(h.levels[i], 0);
    line->point2->setCoords(h.levels[i], 1);
    line->setPen(QPen(QColor(200, 40, 40, 170), 1));
    levels_.push_back(line);
  }
  levelLines_ = static_cast<int>(levels_.size());
  keptRange_->setVisible(!h.quantizer.empty());
  keptRange_->topLeft->setCoords(h.clipLow, 0);
  keptRange_->bottomRight->setCoords(h.clipHigh, 1);

  QString title = QString::fromStdString(h.site);
  if (!h.quantizer.empty()) title += "  —  " + QString::fromStdString(h.quantizer);
  if (h.levelsChannel >= 0) title += tr("  (levels of channel %1)").arg(h.levelsChannel);
  setPlotTitle(this, title);
  // Show the data and the whole kept range.
  double lo = h.edges.empty() ? 0 : h.edges.front(), hi = h.edges.empty() ? 1 : h.edges.back();
  if (!h.quantizer.empty()) {
    lo = std::min(lo, h.clipLow);
    hi = std::max(hi, h.clipHigh);
  }
  const double pad = 0.02 * std::max(hi - lo, 1e-12);
  xAxis->setRange(lo - pad, hi + pad);
  bars_->rescaleValueAxis(false, true);
  if (yAxis->scaleType() == QCPAxis::stLogarithmic) yAxis->setRangeLower(0.8);
  replot(QCustomPlot::rpQueuedReplot);
}

void HistogramPlot::setLogScale(bool on) {
  yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  yAxis->setTicker(on ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog) : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  // Bars grow from 0, which a log axis cannot show: start them just under one count.
  bars_->setBaseValue(on ? 0.8 : 0);
  bars_->rescaleValueAxis(false, true);
  if (on) yAxis->setRangeLower(0.8);
  replot(QCustomPlot::rpQueuedReplot);
}
