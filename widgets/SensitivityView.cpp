#include "widgets/SensitivityView.h"

#include "core/analysis/sensitivity_data.h"
#include "widgets/ChartExport.h"
#include "widgets/PlotStyle.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include "widgets/CustomPlot.h"

namespace {

QTableWidgetItem* number(double v, int decimals) {
  auto* item = new QTableWidgetItem;
  item->setData(Qt::DisplayRole, QString::number(v, 'f', decimals).toDouble());  // sorts as a number
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

SensitivityView::SensitivityView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  summary_ = new QLabel(tr("Run a quantization, then the sensitivity analysis."), this);
  summary_->setWordWrap(true);
  shown_ = new QSpinBox(this);
  shown_->setRange(5, 500);
  shown_->setValue(30);
  shown_->setPrefix(tr("show worst "));
  shown_->setSuffix(tr(" sites"));
  top->addWidget(summary_, 1);
  top->addWidget(shown_);
  layout->addLayout(top);

  auto* split = new QSplitter(Qt::Vertical, this);
  plot_ = new QCustomPlot(split);
  plot_->setObjectName("sensitivity");
  plot_->setMinimumHeight(260);
  drop_ = new QCPBars(plot_->xAxis, plot_->yAxis);
  drop_->setName(tr("top-1 drop (points)"));
  drop_->setBrush(QColor(200, 60, 60, 200));
  drop_->setPen(Qt::NoPen);
  drop_->setWidth(0.4);
  plot_->yAxis2->setVisible(true);
  sqnr_ = new QCPBars(plot_->xAxis, plot_->yAxis2);
  sqnr_->setName(tr("site SQNR (dB)"));
  sqnr_->setBrush(QColor(70, 130, 180, 160));
  sqnr_->setPen(Qt::NoPen);
  sqnr_->setWidth(0.4);
  plot_->yAxis->setLabel(tr("top-1 drop (points)"));
  plot_->yAxis2->setLabel(tr("SQNR of the site's tensor (dB)"));
  plot_->xAxis->setTickLabelRotation(60);
  // The legend gets a row of its own above the bars, which fill the whole width.
  placeLegendAbove(plot_);
  plot_->setInteractions(QCP::iSelectPlottables);
  applyPalette(plot_);
  chart::addExportMenu(plot_, "sensitivity");

  table_ = new QTableWidget(0, 6, split);
  table_->setHorizontalHeaderLabels({tr("Site"), tr("Kind"), tr("Top-1 drop (pts)"), tr("Logits SQNR (dB)"), tr("Site SQNR (dB)"), tr("Cosine")});
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  table_->verticalHeader()->setVisible(false);
  split->addWidget(plot_);
  split->addWidget(table_);
  layout->addWidget(split, 1);

  connect(shown_, &QSpinBox::valueChanged, this, &SensitivityView::redraw);
  connect(plot_, &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable*, int index, QMouseEvent*) {
    if (report_ && index >= 0 && index < static_cast<int>(report_->sites.size()))
      Q_EMIT siteClicked(QString::fromStdString(report_->sites[static_cast<size_t>(index)].site));
  });
  connect(table_, &QTableWidget::cellClicked, this, [this](int row, int) { Q_EMIT siteClicked(table_->item(row, 0)->text()); });
}

void SensitivityView::clear() {
  report_.reset();
  table_->setRowCount(0);
  redraw();
}

int SensitivityView::barCount() const { return drop_->data()->size(); }
int SensitivityView::rowCount() const { return table_->rowCount(); }

void SensitivityView::setReport(std::shared_ptr<const vq::SensitivityReport> report) {
  report_ = std::move(report);
  table_->setSortingEnabled(false);
  table_->setRowCount(static_cast<int>(report_->sites.size()));
  for (int r = 0; r < table_->rowCount(); ++r) {
    const auto& s = report_->sites[static_cast<size_t>(r)];
    table_->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(s.site)));
    table_->setItem(r, 1, new QTableWidgetItem(QString::fromStdString(s.kind)));
    table_->setItem(r, 2, number(100 * s.top1Drop, 2));
    table_->setItem(r, 3, number(s.logitsSqnrDb, 2));
    table_->setItem(r, 4, number(s.sqnrDb, 2));
    table_->setItem(r, 5, number(s.cosine, 5));
  }
  table_->setSortingEnabled(true);
  table_->sortByColumn(2, Qt::DescendingOrder);  // worst first, as the bars
  summary_->setText(tr("%1 sites on %2 images. Float top-1 %3 %, every site quantized %4 %. Each bar: that site quantized alone.")
                        .arg(report_->sites.size())
                        .arg(report_->n)
                        .arg(100 * report_->fpTop1, 0, 'f', 2)
                        .arg(100 * report_->quantTop1, 0, 'f', 2));
  redraw();
}

void SensitivityView::redraw() {
  QVector<double> keys, drops, sqnrs;
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  if (report_) {
    const int n = std::min<int>(shown_->value(), static_cast<int>(report_->sites.size()));
    for (int i = 0; i < n; ++i) {
      const auto& s = report_->sites[static_cast<size_t>(i)];
      keys << i;
      drops << 100 * s.top1Drop;
      sqnrs << std::min(s.sqnrDb, 80.0);  // identical tensors report 200 dB; keep the axis readable
      ticker->addTick(i, QString::fromStdString(s.site));
    }
  }
  // Bars of the two series side by side at each site.
  QVector<double> left, right;
  for (double k : keys) {
    left << k - 0.2;
    right << k + 0.2;
  }
  drop_->setData(left, drops, true);
  sqnr_->setData(right, sqnrs, true);
  plot_->xAxis->setTicker(ticker);
  plot_->xAxis->setRange(-1, std::max<double>(keys.size(), 1));
  drop_->rescaleValueAxis(true, true);
  sqnr_->rescaleValueAxis(true, true);
  plot_->yAxis->setRangeLower(std::min(0.0, plot_->yAxis->range().lower));
  plot_->yAxis2->setRangeLower(0);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}
