#include "widgets/LandscapeView.h"

#include "core/analysis/landscape.h"
#include "widgets/ChartExport.h"
#include "widgets/GuidePanel.h"
#include "widgets/HeatMapPlot.h"
#include "widgets/PlotStyle.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace {

enum Kind { kCurves, kSurfaceLayer, kSurfaceChannel };

const QColor kLayerColor(214, 96, 77), kChannelColor(33, 102, 172);

QVector<double> toQ(const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); }

}  // namespace

LandscapeView::LandscapeView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  guide_ = new GuidePanel(
      tr("<p>After LayerNorm, a ViT's activations differ by orders of magnitude from channel to channel. One step for the whole "
         "layer (<i>layer-wise</i>) must round the narrow channels coarsely; one step per channel (<i>channel-wise</i>) fits each.</p>"
         "<p>Each curve is the task loss (cross-entropy on labelled images) while only this block's post-LayerNorm quantizers are on "
         "and their steps are scaled by (1 + α·d) along a random direction d. The heat map does the same along two directions. "
         "The dot is the calibrated point (α = β = 0); the dashed line is the float model's loss.</p>"
         "<p>I&amp;S-ViT finds the channel-wise landscape lower and smoother, the layer-wise one rugged and high. Its smooth "
         "optimisation (SOS) therefore learns channel-wise first and only then folds the steps into one per layer.</p>"),
      tr("Run the example: first block, 3 bits, 1-D"), this);
  guide_->setVisible(false);
  connect(guide_, &GuidePanel::exampleRequested, this, &LandscapeView::exampleRequested);
  layout->addWidget(guide_);

  auto* top = new QHBoxLayout;
  blocks_ = new QComboBox(this);
  blocks_->setMinimumContentsLength(12);
  bits_ = new QSpinBox(this);
  bits_->setRange(2, 8);
  bits_->setValue(4);
  bits_->setSuffix(tr(" bits"));
  kind_ = new QComboBox(this);
  kind_->addItem(tr("1-D: layer-wise vs channel-wise"), kCurves);
  kind_->addItem(tr("2-D: layer-wise"), kSurfaceLayer);
  kind_->addItem(tr("2-D: channel-wise"), kSurfaceChannel);
  run_ = new QPushButton(tr("Sweep"), this);
  run_->setToolTip(tr("Runs as a job: the job bar shows its progress and can cancel it"));
  top->addWidget(new QLabel(tr("Block:"), this));
  top->addWidget(blocks_);
  top->addWidget(bits_);
  top->addWidget(kind_);
  top->addWidget(run_);
  top->addStretch(1);
  layout->addLayout(top);
  summary_ = new QLabel(tr("Choose a block and press Sweep."), this);
  summary_->setWordWrap(true);
  layout->addWidget(summary_);

  auto* split = new QSplitter(Qt::Horizontal, this);
  curves_ = new QCustomPlot(split);
  curves_->setObjectName("landscape");
  curves_->setMinimumSize(320, 260);
  curves_->xAxis->setLabel(tr("α: relative change of the steps along a random direction"));
  curves_->yAxis->setLabel(tr("task loss (cross-entropy, nats)"));
  layerGraph_ = curves_->addGraph();
  layerGraph_->setName(tr("layer-wise steps"));
  layerGraph_->setPen(QPen(kLayerColor, 2));
  channelGraph_ = curves_->addGraph();
  channelGraph_->setName(tr("channel-wise steps"));
  channelGraph_->setPen(QPen(kChannelColor, 2));
  fpLine_ = curves_->addGraph();
  fpLine_->setName(tr("float model"));
  fpLine_->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
  calibrated_ = curves_->addGraph();
  calibrated_->setName(tr("calibrated point"));
  calibrated_->setLineStyle(QCPGraph::lsNone);
  calibrated_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, Qt::black, Qt::black, 8));
  placeLegendAbove(curves_);
  curves_->legend->setWrap(2);  // two rows of two: the legend must not widen the plot past its half
  curves_->legend->setFillOrder(QCPLegend::foColumnsFirst, true);
  applyPalette(curves_);
  chart::addExportMenu(curves_, "landscape");

  heat_ = new HeatMapPlot(split);
  heat_->setObjectName("landscape-2d");
  heat_->setMinimumSize(320, 260);
  heat_->setLabels(tr("α (direction 1)"), tr("β (direction 2)"), tr("task loss (nats)"));
  heatCentre_ = heat_->addGraph();
  heatCentre_->setName(tr("calibrated point"));
  heatCentre_->setLineStyle(QCPGraph::lsNone);
  heatCentre_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::white, 2), QBrush(Qt::black), 10));
  chart::addExportMenu(heat_, "landscape-2d");
  split->addWidget(curves_);
  split->addWidget(heat_);
  split->setSizes({1000, 1000});  // half each
  layout->addWidget(split, 1);

  connect(run_, &QPushButton::clicked, this, [this] {
    if (blocks_->count() > 0) Q_EMIT sweepRequested(request());
  });
}

void LandscapeView::setBlocks(const QStringList& blocks) {
  blocks_->clear();
  blocks_->addItems(blocks);
  run_->setEnabled(!blocks.isEmpty());
  if (blocks.isEmpty()) summary_->setText(tr("This model has no transformer block with a LayerNorm → Linear pair."));
}

LandscapeRequest LandscapeView::request() const {
  LandscapeRequest r;
  r.block = std::max(0, blocks_->currentIndex());
  r.bits = bits_->value();
  const int kind = kind_->currentData().toInt();
  r.twoD = kind != kCurves;
  r.channelWise = kind == kSurfaceChannel;
  return r;
}

void LandscapeView::setRequest(const LandscapeRequest& r) {
  if (r.block < blocks_->count()) blocks_->setCurrentIndex(r.block);
  bits_->setValue(r.bits);
  kind_->setCurrentIndex(kind_->findData(!r.twoD ? kCurves : r.channelWise ? kSurfaceChannel : kSurfaceLayer));
}

bool LandscapeView::hasCurves() const { return !layerGraph_->data()->isEmpty() || !channelGraph_->data()->isEmpty(); }
bool LandscapeView::hasSurface() const { return heat_->hasData(); }

void LandscapeView::clear() {
  layer_.reset();
  channel_.reset();
  surface_.reset();
  for (auto* g : {layerGraph_, channelGraph_, fpLine_, calibrated_, heatCentre_}) g->data()->clear();
  heat_->setMatrix({}, QCPRange(0, 1), QCPRange(0, 1));
  curves_->replot(QCustomPlot::rpQueuedReplot);
  summary_->setText(tr("Choose a block and press Sweep."));
}

void LandscapeView::setCurves(std::shared_ptr<const vq::Landscape> layerWise, std::shared_ptr<const vq::Landscape> channelWise) {
  layer_ = std::move(layerWise);
  channel_ = std::move(channelWise);
  QVector<double> centreX, centreY;
  double lo = 0, hi = 0;
  for (const auto& [landscape, graph] : {std::pair{layer_, layerGraph_}, std::pair{channel_, channelGraph_}}) {
    graph->data()->clear();
    if (!landscape || landscape->loss.empty()) continue;
    graph->setData(toQ(landscape->axis), toQ(landscape->loss.front()), true);
    centreX << 0;
    centreY << landscape->centerLoss;
    lo = landscape->axis.front();
    hi = landscape->axis.back();
  }
  calibrated_->setData(centreX, centreY);
  const auto& any = layer_ ? layer_ : channel_;
  if (any) fpLine_->setData(QVector<double>{lo, hi}, QVector<double>{any->fpLoss, any->fpLoss});
  curves_->rescaleAxes();
  curves_->yAxis->scaleRange(1.1, curves_->yAxis->range().center());
  setPlotTitle(curves_, any ? tr("%1: post-LayerNorm inputs quantized").arg(QString::fromStdString(any->block)) : QString());
  curves_->replot(QCustomPlot::rpQueuedReplot);
  updateSummary();
}

void LandscapeView::setSurface(std::shared_ptr<const vq::Landscape> surface, bool channelWise) {
  surface_ = std::move(surface);
  surfaceChannelWise_ = channelWise;
  if (!surface_ || surface_->axis.empty()) return;
  const QCPRange range(surface_->axis.front(), surface_->axis.back());
  heat_->setMatrix(surface_->loss, range, range);
  heatCentre_->setData(QVector<double>{0}, QVector<double>{0});
  setPlotTitle(heat_, tr("%1, %2 steps").arg(QString::fromStdString(surface_->block), channelWise ? tr("channel-wise") : tr("layer-wise")));
  heat_->replot(QCustomPlot::rpQueuedReplot);
  updateSummary();
}

void LandscapeView::updateSummary() {
  QStringList parts;
  const auto describe = [](const vq::Landscape& l) {
    double worst = 0;
    for (const auto& row : l.loss)
      for (double v : row) worst = std::max(worst, v);
    return tr("calibrated loss %1, highest %2").arg(l.centerLoss, 0, 'f', 4).arg(worst, 0, 'f', 4);
  };
  const auto& any = layer_ ? layer_ : channel_ ? channel_ : surface_;
  if (any) parts << tr("%1 — float loss %2").arg(QString::fromStdString(any->block)).arg(any->fpLoss, 0, 'f', 4);
  if (layer_) parts << tr("layer-wise: %1").arg(describe(*layer_));
  if (channel_) parts << tr("channel-wise: %1").arg(describe(*channel_));
  if (surface_) parts << tr("2-D (%1): %2").arg(surfaceChannelWise_ ? tr("channel-wise") : tr("layer-wise"), describe(*surface_));
  summary_->setText(parts.join(". ") + ".");
}
