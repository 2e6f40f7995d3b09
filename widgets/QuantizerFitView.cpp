#include "widgets/QuantizerFitView.h"

#include "core/analysis/quantizer_fit.h"
#include "widgets/ChartExport.h"
#include "widgets/CustomPlot.h"
#include "widgets/GuidePanel.h"
#include "widgets/PlotStyle.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>

namespace {

struct QuantizerStyle {
  const char* name;
  QColor color;
  QCPScatterStyle::ScatterShape shape;
  double rail;  // height of its level markers, as a fraction of the plot
};

const QuantizerStyle kQuantizers[] = {{"uniform", QColor(90, 90, 90), QCPScatterStyle::ssSquare, 0.92},
                                      {"log2", QColor(214, 96, 77), QCPScatterStyle::ssTriangle, 0.84},
                                      {"sulq", QColor(33, 102, 172), QCPScatterStyle::ssDiamond, 0.76}};

QString displayName(const QString& q) { return q == "sulq" ? QStringLiteral("SULQ") : q; }

const vq::FitCurve* curveOf(const vq::QuantizerFit& fit, const std::string& quantizer, int bits) {
  for (const auto& c : fit.curves)
    if (c.quantizer == quantizer && c.bits == bits) return &c;
  return nullptr;
}

void useLogAxis(QCPAxis* axis) {
  axis->setScaleType(QCPAxis::stLogarithmic);
  QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
  axis->setTicker(ticker);
  axis->setNumberFormat("eb");
  axis->setNumberPrecision(0);
}

QCustomPlot* bitsPlot(QWidget* parent, const QString& name, const QString& yLabel) {
  auto* plot = new QCustomPlot(parent);
  plot->setObjectName(name);
  plot->xAxis->setLabel(QuantizerFitView::tr("bits"));
  plot->yAxis->setLabel(yLabel);
  plot->xAxis->setRange(1.6, 8.4);
  QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
  ticker->setTickStep(1);
  plot->xAxis->setTicker(ticker);
  plot->legend->setVisible(true);
  plot->setMinimumHeight(200);
  applyPalette(plot);
  chart::addExportMenu(plot, name);
  return plot;
}

}  // namespace

QuantizerFitView::QuantizerFitView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  guide_ = new GuidePanel(
      tr("<p>The values after Softmax are attention probabilities: most are tiny, a few are large. The top chart counts them "
         "on a <i>log</i> axis; the markers above are the values each quantizer can represent at the chosen width.</p>"
         "<p>A <b>uniform</b> grid spends its levels evenly and rounds almost everything to 0. <b>log2</b> has levels at powers of "
         "two, dense near 0, but below its smallest power every value lands on one <i>floor</i> level. <b>SULQ</b> (I&amp;S-ViT) "
         "shifts the input before the log2 step and rounds the result uniformly, so the small values keep distinct levels.</p>"
         "<p>The paper finds log2 leaves a large share of the values on its floor level at 3 bits while SULQ does not, and SULQ "
         "has the lower error at every width.</p>"),
      tr("Run the example: 3 bits, a middle block"), this);
  guide_->setVisible(false);
  connect(guide_, &GuidePanel::exampleRequested, this, &QuantizerFitView::exampleRequested);
  layout->addWidget(guide_);

  auto* top = new QHBoxLayout;
  sites_ = new QComboBox(this);
  sites_->setMinimumContentsLength(28);
  run_ = new QPushButton(tr("Fit"), this);
  run_->setToolTip(tr("Sample this site's values on calibration images of the float model and fit every quantizer at 2–8 bits"));
  bits_ = new QSlider(Qt::Horizontal, this);
  bits_->setRange(2, 8);
  bits_->setValue(3);
  bits_->setTickPosition(QSlider::TicksBelow);
  bits_->setTickInterval(1);
  bits_->setPageStep(1);
  bitsLabel_ = new QLabel(this);
  top->addWidget(new QLabel(tr("Post-Softmax site:"), this));
  top->addWidget(sites_, 1);
  top->addWidget(run_);
  top->addSpacing(16);
  top->addWidget(new QLabel(tr("Bits:"), this));
  top->addWidget(bits_, 1);
  top->addWidget(bitsLabel_);
  layout->addLayout(top);
  summary_ = new QLabel(tr("Choose a post-Softmax site and press Fit."), this);
  summary_->setWordWrap(true);
  layout->addWidget(summary_);

  auto* split = new QSplitter(Qt::Vertical, this);
  histogram_ = new QCustomPlot(split);
  histogram_->setObjectName("fit");
  histogram_->setMinimumHeight(280);
  useLogAxis(histogram_->xAxis);
  histogram_->xAxis->setLabel(tr("post-Softmax value (log scale)"));
  histogram_->yAxis->setLabel(tr("values per bin"));
  values_ = histogram_->addGraph();
  values_->setName(tr("float values"));
  values_->setLineStyle(QCPGraph::lsStepLeft);
  values_->setPen(QPen(QColor(70, 130, 180)));
  values_->setBrush(QColor(70, 130, 180, 90));
  histogram_->yAxis2->setRange(0, 1);  // the level rails sit at fixed heights
  for (const auto& q : kQuantizers) {
    auto* g = histogram_->addGraph(histogram_->xAxis, histogram_->yAxis2);
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(q.shape, q.color, q.color, 7));
    levels_.push_back(g);
  }
  histogram_->legend->setVisible(true);
  // The left of a log axis holds the few tiniest values: room for the legend, which must not hide the levels.
  histogram_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignLeft | Qt::AlignTop);
  histogram_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  histogram_->axisRect()->setRangeZoom(Qt::Horizontal);
  histogram_->axisRect()->setRangeDrag(Qt::Horizontal);
  applyPalette(histogram_);
  chart::addExportMenu(histogram_, "fit");

  auto* curves = new QSplitter(Qt::Horizontal, split);
  error_ = bitsPlot(curves, "fit-error", tr("mean squared error (log scale)"));
  useLogAxis(error_->yAxis);
  floor_ = bitsPlot(curves, "fit-floor", tr("values on the floor level (%)"));
  for (const auto& q : kQuantizers) {
    for (auto* plot : {error_, floor_}) {
      auto* g = plot->addGraph();
      g->setName(displayName(q.name));
      g->setPen(QPen(q.color, 2));
      g->setScatterStyle(QCPScatterStyle(q.shape, q.color, q.color, 7));
      (plot == error_ ? errorCurves_ : floorCurves_).push_back(g);
    }
  }
  for (auto* plot : {error_, floor_}) {  // the chosen width, as a vertical rule
    auto* mark = plot->addGraph();
    mark->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
    mark->removeFromLegend();
    bitMarks_.push_back(mark);
  }
  split->addWidget(histogram_);
  split->addWidget(curves);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);

  connect(run_, &QPushButton::clicked, this, [this] {
    if (!sites_->currentText().isEmpty()) Q_EMIT fitRequested(sites_->currentText());
  });
  connect(bits_, &QSlider::valueChanged, this, &QuantizerFitView::redraw);
  redraw();
}

void QuantizerFitView::setSites(const QStringList& sites) {
  const QString keep = sites_->currentText();
  sites_->clear();
  sites_->addItems(sites);
  if (sites.contains(keep)) sites_->setCurrentText(keep);
  run_->setEnabled(!sites.isEmpty());
}

QStringList QuantizerFitView::sites() const {
  QStringList out;
  for (int i = 0; i < sites_->count(); ++i) out << sites_->itemText(i);
  return out;
}

QString QuantizerFitView::site() const { return sites_->currentText(); }
void QuantizerFitView::setSite(const QString& site) { sites_->setCurrentText(site); }
int QuantizerFitView::bits() const { return bits_->value(); }
void QuantizerFitView::setBits(int bits) { bits_->setValue(bits); }
QString QuantizerFitView::summary() const { return summary_->text(); }

int QuantizerFitView::levelMarkers(const QString& quantizer) const {
  for (size_t i = 0; i < levels_.size(); ++i)
    if (quantizer == kQuantizers[i].name) return levels_[i]->data()->size();
  return 0;
}

void QuantizerFitView::clear() {
  fit_.reset();
  summary_->setText(tr("Choose a post-Softmax site and press Fit."));
  redraw();
}

void QuantizerFitView::setFit(std::shared_ptr<const vq::QuantizerFit> fit) {
  fit_ = std::move(fit);
  const QString site = QString::fromStdString(fit_->site);
  if (sites_->findText(site) < 0) sites_->addItem(site);
  sites_->setCurrentText(site);
  QVector<double> keys, counts;
  for (size_t i = 0; i < fit_->logCounts.size() && i + 1 < fit_->logEdges.size(); ++i) {
    keys << fit_->logEdges[i];
    counts << static_cast<double>(fit_->logCounts[i]);
  }
  if (!fit_->logEdges.empty()) {  // close the last step
    keys << fit_->logEdges.back();
    counts << (counts.isEmpty() ? 0.0 : counts.back());
  }
  values_->setData(keys, counts, true);
  if (!keys.isEmpty()) histogram_->xAxis->setRange(keys.front() / 1.5, keys.back() * 1.5);
  values_->rescaleValueAxis(false, true);
  // Headroom above the bars for the level rails.
  histogram_->yAxis->setRangeUpper(histogram_->yAxis->range().upper / 0.7);
  histogram_->yAxis->setRangeLower(0);

  for (size_t i = 0; i < std::size(kQuantizers); ++i) {
    QVector<double> bits, mse, floor;
    for (int b = 2; b <= 8; ++b)
      if (const auto* c = curveOf(*fit_, kQuantizers[i].name, b)) {
        bits << b;
        mse << std::max(c->mse, 1e-30);
        floor << 100.0 * c->floorFraction;
      }
    errorCurves_[i]->setData(bits, mse, true);
    floorCurves_[i]->setData(bits, floor, true);
  }
  error_->yAxis->rescale();
  error_->yAxis->scaleRange(1.3, error_->yAxis->range().center());
  floor_->yAxis->setRange(0, 105);
  redraw();
}

void QuantizerFitView::redraw() {
  const int b = bits_->value();
  bitsLabel_->setText(tr("%1 bits").arg(b));
  for (size_t i = 0; i < levels_.size(); ++i) {
    QVector<double> keys, rails;
    const auto* c = fit_ ? curveOf(*fit_, kQuantizers[i].name, b) : nullptr;
    if (c)
      for (double level : c->levels)
        if (level > 0) {
          keys << level;
          rails << kQuantizers[i].rail;
        }
    levels_[i]->setData(keys, rails, true);
    levels_[i]->setName(tr("%1 levels at %2 bits").arg(displayName(kQuantizers[i].name)).arg(b));
  }
  for (auto* mark : bitMarks_) {
    auto* plot = mark->parentPlot();
    const auto range = plot->yAxis->range();
    mark->setData(QVector<double>{double(b), double(b)}, QVector<double>{range.lower, range.upper});
  }
  if (fit_) {
    QStringList parts;
    for (const auto& q : kQuantizers)
      if (const auto* c = curveOf(*fit_, q.name, b))
        parts << tr("%1: MSE %2, %3 % on the floor level").arg(displayName(q.name)).arg(c->mse, 0, 'e', 2).arg(100 * c->floorFraction, 0, 'f', 1);
    summary_->setText(tr("%1: %2 values in [%3, %4], %5 exact zeros (off the log axis). At %6 bits — %7.")
                          .arg(QString::fromStdString(fit_->site))
                          .arg(fit_->sampled)
                          .arg(fit_->min, 0, 'g', 3)
                          .arg(fit_->max, 0, 'g', 3)
                          .arg(fit_->zeros)
                          .arg(b)
                          .arg(parts.join("; ")));
    setPlotTitle(histogram_, QString::fromStdString(fit_->site));
  }
  for (auto* plot : {histogram_, error_, floor_}) plot->replot(QCustomPlot::rpQueuedReplot);
}
