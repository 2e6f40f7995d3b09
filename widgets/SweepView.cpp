#include "widgets/SweepView.h"

#include "widgets/ChartExport.h"
#include "widgets/CustomPlot.h"
#include "widgets/PlotStyle.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace {

// Distinguishable on light and dark backgrounds; lines beyond these repeat them with another marker.
const QColor kColors[] = {{33, 102, 172}, {214, 96, 77}, {77, 146, 33}, {118, 42, 131}, {224, 130, 20}, {53, 151, 143}, {120, 120, 120}};
const QCPScatterStyle::ScatterShape kShapes[] = {QCPScatterStyle::ssDisc, QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
                                                 QCPScatterStyle::ssDiamond};

}  // namespace

SweepView::SweepView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  summary_ = new QLabel(tr("No sweep open. File → Open Sweep… shows one; `vitquant sweep run` makes one."), this);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  model_ = new QComboBox(this);
  model_->setToolTip(tr("The model whose results the chart shows"));
  auto* row = new QHBoxLayout;
  row->addWidget(new QLabel(tr("Model:"), this));
  row->addWidget(model_, 1);
  plot_ = new QCustomPlot(this);
  plot_->setObjectName("sweepPlot");
  plot_->setMinimumSize(360, 260);
  plot_->xAxis->setLabel(tr("bits (weights/activations)"));
  plot_->yAxis->setLabel(tr("top-1 (mean ± std over seeds)"));
  placeLegendAbove(plot_);
  applyPalette(plot_);
  chart::addExportMenu(plot_, "sweep");
  layout->addWidget(summary_);
  layout->addLayout(row);
  layout->addWidget(plot_, 1);
  connect(model_, &QComboBox::currentIndexChanged, this, [this] { draw(); });
}

void SweepView::setTable(std::shared_ptr<const vq::SweepTable> table, const QString& folder) {
  table_ = std::move(table);
  summary_->setText(tr("%1: %2 of %3 runs finished. Each point is the mean top-1 over the seeds that have finished; "
                       "its bar is ± one sample standard deviation (none for a single seed).")
                        .arg(folder)
                        .arg(table_->finished)
                        .arg(table_->total));
  const QSignalBlocker block(model_);
  model_->clear();
  for (const auto& m : table_->models) model_->addItem(QString::fromStdString(m.model));
  model_->setEnabled(table_->models.size() > 1);
  draw();
}

void SweepView::clear() {
  table_.reset();
  const QSignalBlocker block(model_);
  model_->clear();
  draw();
}

void SweepView::selectModel(int index) { model_->setCurrentIndex(index); }

int SweepView::seriesCount() const { return plot_->graphCount() - (plot_->graphCount() > 0 ? 1 : 0); }  // less the float line

int SweepView::errorBarCount() const { return errorBars_; }

void SweepView::draw() {
  plot_->clearPlottables();  // the lines and their error bars
  errorBars_ = 0;
  const int index = model_->currentIndex();
  if (!table_ || index < 0 || index >= static_cast<int>(table_->models.size())) {
    plot_->replot();
    return;
  }
  const auto& t = table_->models[static_cast<size_t>(index)];
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (size_t c = 0; c < t.columns.size(); ++c) ticker->addTick(static_cast<double>(c), QString::fromStdString(t.columns[c]));
  plot_->xAxis->setTicker(ticker);
  plot_->xAxis->setRange(-0.5, static_cast<double>(t.columns.size()) - 0.5);

  double low = 1, high = 0;
  auto* fp = plot_->addGraph();
  fp->setName(tr("float"));
  fp->setPen(QPen(palette().color(QPalette::WindowText), 1, Qt::DashLine));
  if (!t.fp.top1.empty()) {
    fp->setData({-0.5, static_cast<double>(t.columns.size()) - 0.5}, {t.fp.mean(), t.fp.mean()});
    low = std::min(low, t.fp.mean()), high = std::max(high, t.fp.mean());
  }
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const QColor color = kColors[r % std::size(kColors)];
    auto* g = plot_->addGraph();
    g->setName(QString::fromStdString(row.label()));
    g->setPen(QPen(color, 2));
    g->setScatterStyle(QCPScatterStyle(kShapes[(r / std::size(kColors)) % std::size(kShapes)], color, color, 7));
    auto* bars = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
    bars->removeFromLegend();
    bars->setDataPlottable(g);
    bars->setPen(QPen(color, 1.5));
    QVector<double> x, y, error;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      const auto& cell = row.cells[c];
      if (cell.top1.empty()) continue;
      x << static_cast<double>(c), y << cell.mean(), error << cell.stddev();
      errorBars_ += cell.top1.size() > 1;
      low = std::min(low, cell.mean() - cell.stddev()), high = std::max(high, cell.mean() + cell.stddev());
    }
    g->setData(x, y, true);
    bars->setData(error);
  }
  if (high >= low) plot_->yAxis->setRange(std::max(0.0, low - 0.02), std::min(1.0, high + 0.02));
  plot_->legend->setVisible(true);
  plot_->replot();
}
