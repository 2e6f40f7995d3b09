#include "widgets/OscillationView.h"

#include "core/run/run_summary.h"
#include "widgets/ChartExport.h"
#include "widgets/CustomPlot.h"
#include "widgets/GuidePanel.h"
#include "widgets/PlotStyle.h"

#include <QComboBox>
#include <QSet>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr int kDefaultIters = 500;      // summaries without "iters" predate its recording, when brecq's default was 500
constexpr int kCurvePointsPerUnit = 50;  // the reconstruction keeps about this many loss samples

const QColor kBrecq(120, 120, 120), kModcap(33, 102, 172), kMerged(214, 96, 77);

QCustomPlot* makePlot(QWidget* parent, const QString& name, const QString& x, const QString& y) {
  auto* plot = new QCustomPlot(parent);
  plot->setObjectName(name);
  plot->setMinimumSize(300, 220);
  plot->xAxis->setLabel(x);
  plot->yAxis->setLabel(y);
  placeLegendAbove(plot);
  applyPalette(plot);
  chart::addExportMenu(plot, name);
  return plot;
}

QCPGraph* line(QCustomPlot* plot, const QString& name, const QColor& color, QCPScatterStyle::ScatterShape shape) {
  auto* g = plot->addGraph();
  g->setName(name);
  g->setPen(QPen(color, 2));
  g->setScatterStyle(QCPScatterStyle(shape, color, color, 6));
  return g;
}

QCPBars* bars(QCustomPlot* plot, QCPAxis* value, const QString& name, const QColor& color, double width) {
  auto* b = new QCPBars(plot->xAxis, value);
  b->setName(name);
  b->setBrush(color);
  b->setPen(Qt::NoPen);
  b->setWidth(width);
  return b;
}

QVector<double> numbers(const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); }

QString text(const std::string& s) { return QString::fromStdString(s); }

double largest(const QVector<double>& v) { return v.isEmpty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

QVector<double> indices(qsizetype n) {
  QVector<double> out;
  for (qsizetype i = 0; i < n; ++i) out << static_cast<double>(i);
  return out;
}

// The loss curve of the reconstruction unit that holds `unit` ("a" alone, or a merged "a+b").
QVector<double> curveOf(const std::vector<vq::UnitReport>& units, const QString& unit) {
  for (const auto& u : units)
    if (text(u.path).split('+').contains(unit)) return numbers(u.lossCurve);
  return {};
}

// An option the run recorded as a number, or `fallback`.
int intOption(const vq::OptionValues& options, const std::string& key, int fallback) {
  const auto it = options.find(key);
  if (it == options.end()) return fallback;
  if (const auto* i = std::get_if<int64_t>(&it->second)) return static_cast<int>(*i);
  return fallback;
}

}  // namespace

OscillationView::OscillationView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  guide_ = new GuidePanel(
      tr("<p>Block reconstruction (BRECQ) fits the quantized model one unit at a time, in order. Plotted along depth, the "
         "reconstruction loss of the units often zig-zags instead of growing smoothly: it <i>oscillates</i>.</p>"
         "<p>The oscillation-aware method (MRECG) traces this to differences in <b>capacity</b> between neighbouring units — "
         "how much a unit can express at the chosen bits. The bars show each unit's capacity; the thin bars between them, the "
         "<b>differentials</b> between neighbours. The top-k largest (highlighted) are reconstructed together as one unit.</p>"
         "<p>The paper reports that merging lowers the oscillation (the index in the legend, the summed size of the turns of "
         "the loss) and raises accuracy at 2–4 bits, most on small models. The bottom chart shows how one unit's loss falls "
         "during its reconstruction under both plans.</p>"),
      tr("Set up the example: modcap at W2A4"), this);
  guide_->setVisible(false);
  connect(guide_, &GuidePanel::exampleRequested, this, &OscillationView::exampleRequested);
  layout->addWidget(guide_);
  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  layout->addWidget(summary_);

  auto* grid = new QGridLayout;
  capacity_ = makePlot(this, "oscillation-capacity", tr("reconstruction unit"), tr("capacity"));
  capacity_->yAxis2->setVisible(true);
  capacity_->yAxis2->setLabel(tr("differential to the next unit"));
  capacity_->xAxis->setTickLabelRotation(50);
  capacityBars_ = bars(capacity_, capacity_->yAxis, tr("capacity"), QColor(70, 130, 180, 200), 0.55);
  differentialBars_ = bars(capacity_, capacity_->yAxis2, tr("differential"), QColor(150, 150, 150, 200), 0.2);
  mergedBars_ = bars(capacity_, capacity_->yAxis2, tr("differential, merged (top-k)"), kMerged, 0.2);

  depth_ = makePlot(this, "oscillation", tr("reconstruction unit"), tr("relative output loss after reconstruction"));
  depth_->xAxis->setTickLabelRotation(50);
  brecqDepth_ = line(depth_, tr("brecq"), kBrecq, QCPScatterStyle::ssSquare);
  modcapDepth_ = line(depth_, tr("modcap"), kModcap, QCPScatterStyle::ssDisc);

  auto* iterBox = new QWidget(this);
  auto* iterLayout = new QVBoxLayout(iterBox);
  iterLayout->setContentsMargins(0, 0, 0, 0);
  auto* chooser = new QHBoxLayout;
  unit_ = new QComboBox(iterBox);
  chooser->addWidget(new QLabel(tr("Unit:"), iterBox));
  chooser->addWidget(unit_, 1);
  iterLayout->addLayout(chooser);
  iterations_ = makePlot(iterBox, "oscillation-iterations", tr("iteration"), tr("reconstruction loss (log scale)"));
  iterations_->yAxis->setScaleType(QCPAxis::stLogarithmic);
  iterations_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  brecqCurve_ = line(iterations_, tr("brecq"), kBrecq, QCPScatterStyle::ssNone);
  modcapCurve_ = line(iterations_, tr("modcap"), kModcap, QCPScatterStyle::ssNone);
  iterLayout->addWidget(iterations_, 1);

  grid->addWidget(capacity_, 0, 0);
  grid->addWidget(depth_, 0, 1);
  grid->addWidget(iterBox, 1, 0, 1, 2);
  grid->setRowStretch(0, 3);
  grid->setRowStretch(1, 2);
  layout->addLayout(grid, 1);
  connect(unit_, &QComboBox::currentIndexChanged, this, &OscillationView::drawIterations);
  clear();
}

void OscillationView::clear() {
  report_ = nullptr;
  run_.reset();
  unit_->clear();
  for (auto* b : {capacityBars_, differentialBars_, mergedBars_}) b->data()->clear();
  for (auto* g : {brecqDepth_, modcapDepth_, brecqCurve_, modcapCurve_}) g->data()->clear();
  summary_->setText(tr("Run the <b>modcap</b> method (or open a modcap run) to see its capacities, merges and loss along depth."));
  for (auto* p : {capacity_, depth_, iterations_}) p->replot(QCustomPlot::rpQueuedReplot);
}

int OscillationView::unitCount() const { return capacityBars_->data()->size(); }
int OscillationView::mergedCount() const { return report_ ? static_cast<int>(report_->merged.size()) : 0; }
void OscillationView::selectUnit(const QString& unit) { unit_->setCurrentText(unit); }
QString OscillationView::selectedUnit() const { return unit_->currentText(); }
int OscillationView::iterationPoints() const { return brecqCurve_->data()->size() + modcapCurve_->data()->size(); }

void OscillationView::setRun(std::shared_ptr<const vq::RunSummary> run) {
  const auto* report = run ? std::get_if<vq::ModcapReport>(&run->report) : nullptr;
  if (!report) {
    clear();
    if (run)
      summary_->setText(tr("This run used <b>%1</b>. Run <b>modcap</b> (or open a modcap run) to see capacities, merges and the "
                           "loss along depth.")
                            .arg(text(run->method).toHtmlEscaped()));
    return;
  }
  run_ = std::move(run);
  report_ = report;
  iters_ = intOption(run_->options, "iters", kDefaultIters);
  const auto mergedIters = run_->options.find("merged_iters");
  scaledIters_ = mergedIters != run_->options.end() && vq::optionText(mergedIters->second) == "scaled";

  QStringList units;
  QVector<double> capacity;
  for (const auto& c : report_->capacity) {
    units << text(c.unit);
    capacity << c.capacity;
  }
  QSharedPointer<QCPAxisTickerText> names(new QCPAxisTickerText);
  for (int i = 0; i < units.size(); ++i) names->addTick(i, units[i]);
  for (auto* p : {capacity_, depth_}) {
    p->xAxis->setTicker(names);
    p->xAxis->setRange(-0.7, units.size() - 0.3);
  }
  capacityBars_->setData(indices(units.size()), capacity, true);
  capacity_->yAxis->setRange(0, std::max(1e-12, largest(capacity)) * 1.1);

  // A differential sits between its two units; the merged ones are drawn as their own series.
  const auto differentials = numbers(report_->differentials);
  QStringList mergedNames;
  QSet<int> merged;
  for (const auto& m : report_->merged) {
    mergedNames << text(m);
    merged.insert(static_cast<int>(units.indexOf(mergedNames.back().split('+').front())));
  }
  QVector<double> plainKeys, plainValues, mergedKeys, mergedValues;
  for (int i = 0; i < differentials.size(); ++i) {
    (merged.contains(i) ? mergedKeys : plainKeys) << i + 0.5;
    (merged.contains(i) ? mergedValues : plainValues) << differentials[i];
  }
  differentialBars_->setData(plainKeys, plainValues, true);
  mergedBars_->setData(mergedKeys, mergedValues, true);
  capacity_->yAxis2->setRange(0, std::max(1e-12, largest(differentials)) * 1.1);

  const auto& modcap = report_->depth;
  const auto brecqLoss = report_->brecq ? numbers(report_->brecq->depth.loss) : QVector<double>();
  brecqDepth_->setData(indices(brecqLoss.size()), brecqLoss, true);
  modcapDepth_->setData(indices(static_cast<qsizetype>(modcap.loss.size())), numbers(modcap.loss), true);
  const QString brecqIndex = report_->brecq ? QString::number(report_->brecq->depth.oscillationIndex, 'f', 3) : tr("—");
  brecqDepth_->setName(report_->brecq ? tr("brecq (oscillation index %1)").arg(brecqIndex) : tr("brecq (not run: data-free capacity)"));
  modcapDepth_->setName(tr("modcap (oscillation index %1)").arg(modcap.oscillationIndex, 0, 'f', 3));
  depth_->yAxis->setRange(0, std::max({1e-12, largest(brecqLoss), largest(numbers(modcap.loss))}) * 1.1);

  const double top1 = run_->accuracy ? run_->accuracy->top1 : 0.0;
  summary_->setText(tr("modcap W%1A%2 on %3, %4 capacity: merged %5. Oscillation index along depth: brecq %6 → modcap %7. Top-1 %8 %.")
                        .arg(run_->wbits)
                        .arg(run_->abits)
                        .arg(text(run_->model).toHtmlEscaped(), text(report_->capacityKind),
                             mergedNames.isEmpty() ? tr("nothing") : mergedNames.join(", "))
                        .arg(brecqIndex)
                        .arg(modcap.oscillationIndex, 0, 'f', 3)
                        .arg(100 * top1, 0, 'f', 2));

  const QString keep = unit_->currentText();
  {
    const QSignalBlocker block(unit_);
    unit_->clear();
    unit_->addItems(units);
  }
  // Show the first merged unit by default: where the two plans differ.
  const auto firstMerged = mergedNames.isEmpty() ? QString() : mergedNames.first().split('+').front();
  unit_->setCurrentText(units.contains(keep) ? keep : firstMerged.isEmpty() ? units.value(0) : firstMerged);
  drawIterations();
  for (auto* p : {capacity_, depth_}) p->replot(QCustomPlot::rpQueuedReplot);
}

void OscillationView::drawIterations() {
  const QString unit = unit_->currentText();
  if (!report_) return;
  const auto brecq = report_->brecq ? curveOf(report_->brecq->units, unit) : QVector<double>();
  const auto modcap = curveOf(report_->units, unit);
  QString modcapUnit;
  for (const auto& u : report_->units)
    if (text(u.path).split('+').contains(unit)) modcapUnit = text(u.path);
  // The reconstruction samples its loss every iters/50 steps; a merged unit may run iters × its size.
  const auto iterations = [](qsizetype n, int iters) {
    const int every = std::max(1, iters / kCurvePointsPerUnit);
    QVector<double> keys;
    for (qsizetype i = 0; i < n; ++i) keys << static_cast<double>(i * every);
    return keys;
  };
  const int members = static_cast<int>(modcapUnit.split('+').size());
  brecqCurve_->setData(iterations(brecq.size(), iters_), brecq, true);
  modcapCurve_->setData(iterations(modcap.size(), scaledIters_ ? iters_ * members : iters_), modcap, true);
  iterations_->rescaleAxes();
  setPlotTitle(iterations_, modcapUnit.contains('+') ? tr("%1: reconstructed jointly as %2 by modcap").arg(unit, modcapUnit)
                                             : tr("%1: reconstructed alone by both").arg(unit));
  iterations_->replot(QCustomPlot::rpQueuedReplot);
}
