#include "widgets/EntropyView.h"

#include "core/analysis/attention_entropy.h"
#include "widgets/ChartExport.h"
#include "widgets/GuidePanel.h"
#include "widgets/HeatMapPlot.h"
#include "widgets/PlotStyle.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>

namespace {

constexpr int kMapSide = 224;  // pixels of each drawn map; small inputs (28×28) are enlarged without blur

QColor heat(double t) {  // black-body style: transparent-looking low, warm high
  t = std::clamp(t, 0.0, 1.0);
  return QColor::fromRgbF(static_cast<float>(std::min(1.0, 2.5 * t)), static_cast<float>(std::clamp(2.5 * t - 1.0, 0.0, 1.0)),
                          static_cast<float>(std::clamp(3.0 * t - 2.0, 0.0, 1.0)));
}

// The picture (uint8 [H,W,3]) in grey with the map ([H,W], any scale) laid over it in colour.
QImage overlayImage(const torch::Tensor& picture, const torch::Tensor& map) {
  const auto h = picture.size(0), w = picture.size(1);
  const auto m = map.to(torch::kFloat32).contiguous();
  const float top = std::max(m.max().item<float>(), 1e-12f);
  const auto* px = picture.data_ptr<uint8_t>();
  const auto* mv = m.data_ptr<float>();
  QImage image(static_cast<int>(w), static_cast<int>(h), QImage::Format_RGB32);
  for (int64_t y = 0; y < h; ++y)
    for (int64_t x = 0; x < w; ++x) {
      const auto* p = px + (y * w + x) * 3;
      const double grey = (0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]) / 255.0;
      const double a = mv[y * w + x] / top;
      const QColor c = heat(a);
      const double alpha = 0.65 * std::sqrt(a);  // faint attention stays faint, strong attention shows through
      image.setPixel(static_cast<int>(x), static_cast<int>(y),
                     qRgb(static_cast<int>(255 * ((1 - alpha) * grey + alpha * c.redF())), static_cast<int>(255 * ((1 - alpha) * grey + alpha * c.greenF())),
                          static_cast<int>(255 * ((1 - alpha) * grey + alpha * c.blueF()))));
    }
  return image.scaled(kMapSide, kMapSide, Qt::KeepAspectRatio, w < kMapSide / 2 ? Qt::FastTransformation : Qt::SmoothTransformation);
}

const std::vector<double>& valuesOf(const vq::LayerEntropy& l, EntropyView::Quantity q) {
  switch (q) {
    case EntropyView::Quantity::QueryCodes: return l.q;
    case EntropyView::Quantity::KeyCodes: return l.k;
    case EntropyView::Quantity::AttentionRows: return l.attention;
  }
  return l.q;
}

}  // namespace

EntropyView::EntropyView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  guide_ = new GuidePanel(
      tr("<p>At 2–4 bits the queries and keys of self-attention are squeezed onto a few levels. The entropy of their codes "
         "(in bits, at most the bit width) says how many levels are really in use: low entropy means most values share a "
         "few codes and the attention they produce loses detail.</p>"
         "<p>Q-ViT's <b>information rectification module</b> (IRM) normalises queries and keys before their quantizers with a "
         "learnt scale and shift, which spreads the codes and raises their entropy. Its <b>distribution-guided "
         "distillation</b> pulls the student's query and key similarity patterns towards the float model's.</p>"
         "<p>The paper shows the baseline's quantized codes lose entropy against the float model and IRM wins it back. To see "
         "that here, compare a Q-ViT run with one trained with <tt>irm=off</tt>. On the right, each head's attention from the "
         "class token to the image patches, averaged or per head, under the float model and under the run.</p>"),
      tr("Set up the example: Q-ViT at W4A4"), this);
  guide_->setVisible(false);
  connect(guide_, &GuidePanel::exampleRequested, this, &EntropyView::exampleRequested);
  layout->addWidget(guide_);

  auto* top = new QHBoxLayout;
  images_ = new QSpinBox(this);
  images_->setRange(8, 2000);
  images_->setValue(64);
  images_->setSuffix(tr(" images"));
  sample_ = new QSpinBox(this);
  sample_->setRange(0, 1000000);
  sample_->setPrefix(tr("test image #"));
  chooseFile_ = new QPushButton(tr("Image File…"), this);
  compare_ = new QComboBox(this);
  run_ = new QPushButton(tr("Analyse"), this);
  run_->setToolTip(tr("Measures the float model and the current run (and the run to compare with) as a job"));
  top->addWidget(new QLabel(tr("Measure on"), this));
  top->addWidget(images_);
  top->addWidget(new QLabel(tr("Maps of"), this));
  top->addWidget(sample_);
  top->addWidget(chooseFile_);
  top->addWidget(new QLabel(tr("Compare with:"), this));
  top->addWidget(compare_, 1);
  top->addWidget(run_);
  layout->addLayout(top);
  summary_ = new QLabel(tr("Run a quantization, then press Analyse."), this);
  summary_->setWordWrap(true);
  layout->addWidget(summary_);

  auto* split = new QSplitter(Qt::Horizontal, this);
  auto* left = new QWidget(split);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  auto* choose = new QHBoxLayout;
  quantity_ = new QComboBox(left);
  quantity_->addItem(tr("query codes"), static_cast<int>(Quantity::QueryCodes));
  quantity_->addItem(tr("key codes"), static_cast<int>(Quantity::KeyCodes));
  quantity_->addItem(tr("attention rows"), static_cast<int>(Quantity::AttentionRows));
  source_ = new QComboBox(left);
  choose->addWidget(new QLabel(tr("Entropy of"), left));
  choose->addWidget(quantity_);
  choose->addWidget(new QLabel(tr("for"), left));
  choose->addWidget(source_, 1);
  leftLayout->addLayout(choose);
  heat_ = new HeatMapPlot(left);
  heat_->setObjectName("entropy");
  heat_->setMinimumSize(380, 300);
  heat_->setLabels(tr("head"), tr("layer"), tr("entropy (bits)"));
  chart::addExportMenu(heat_, "entropy");
  leftLayout->addWidget(heat_, 1);

  auto* right = new QWidget(split);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);
  auto* mapChoice = new QHBoxLayout;
  layer_ = new QComboBox(right);
  head_ = new QComboBox(right);
  mapChoice->addWidget(new QLabel(tr("Layer:"), right));
  mapChoice->addWidget(layer_, 1);
  mapChoice->addWidget(head_);
  rightLayout->addLayout(mapChoice);
  auto* maps = new QGridLayout;
  fpMap_ = new QLabel(right);
  runMap_ = new QLabel(right);
  fpCaption_ = new QLabel(tr("float"), right);
  runCaption_ = new QLabel(tr("quantized"), right);
  for (auto* l : {fpMap_, runMap_}) {
    l->setMinimumSize(kMapSide, kMapSide);
    l->setAlignment(Qt::AlignCenter);
  }
  for (auto* l : {fpCaption_, runCaption_}) {
    l->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    l->setWordWrap(true);
  }
  maps->addWidget(fpMap_, 0, 0);
  maps->addWidget(runMap_, 0, 1);
  maps->addWidget(fpCaption_, 1, 0);
  maps->addWidget(runCaption_, 1, 1);
  maps->setColumnStretch(0, 1);
  maps->setColumnStretch(1, 1);
  rightLayout->addLayout(maps);
  auto* legend = new QLabel(tr("Colour: share of the class token's attention, from none (grey image) to the map's maximum (white-hot)."), right);
  legend->setWordWrap(true);
  rightLayout->addWidget(legend);
  rightLayout->addStretch(1);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);

  connect(chooseFile_, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Image for the attention maps"), QFileInfo(file_).path(),
                                                   tr("Images (*.png *.jpg *.jpeg *.bmp *.pgm *.ppm *.tif *.tiff *.webp)"));
    if (f.isEmpty()) return;
    file_ = f;
    chooseFile_->setText(QFileInfo(f).fileName());
  });
  connect(sample_, &QSpinBox::valueChanged, this, [this] {  // choosing a test image drops the file
    file_.clear();
    chooseFile_->setText(tr("Image File…"));
  });
  connect(run_, &QPushButton::clicked, this, [this] { Q_EMIT entropyRequested(request()); });
  connect(quantity_, &QComboBox::currentIndexChanged, this, &EntropyView::redrawHeatMap);
  connect(source_, &QComboBox::currentIndexChanged, this, &EntropyView::redrawHeatMap);
  connect(layer_, &QComboBox::currentIndexChanged, this, &EntropyView::redrawMaps);
  connect(head_, &QComboBox::currentIndexChanged, this, &EntropyView::redrawMaps);
  setCompareRuns({});
}

void EntropyView::setCompareRuns(const QList<QPair<int, QString>>& runs) {
  const int keep = compare_->currentData().toInt();
  compare_->clear();
  compare_->addItem(tr("nothing"), 0);
  for (const auto& [id, label] : runs) compare_->addItem(label, id);
  const int index = compare_->findData(keep);
  compare_->setCurrentIndex(index < 0 ? 0 : index);
}

EntropyRequest EntropyView::request() const {
  EntropyRequest r;
  r.images = images_->value();
  r.sample = sample_->value();
  r.file = file_;
  r.compareRun = compare_->currentData().toInt();
  return r;
}

QString EntropyView::summary() const { return summary_->text(); }

void EntropyView::clear() {
  study_.reset();
  source_->clear();
  layer_->clear();
  head_->clear();
  heat_->setMatrix({}, QCPRange(0, 1), QCPRange(0, 1));
  for (auto* l : {fpMap_, runMap_}) l->clear();
  overlays_[0] = overlays_[1] = QImage();
  summary_->setText(tr("Run a quantization, then press Analyse."));
}

void EntropyView::setStudy(std::shared_ptr<const vq::EntropyStudy> study) {
  study_ = std::move(study);
  const QString run = QString::fromStdString(study_->runLabel), compare = QString::fromStdString(study_->compareLabel);
  {
    const QSignalBlocker block(source_);
    const int keep = source_->count() ? source_->currentData().toInt() : static_cast<int>(Source::Run);
    source_->clear();
    source_->addItem(tr("the float model"), static_cast<int>(Source::Float));
    source_->addItem(run, static_cast<int>(Source::Run));
    source_->addItem(tr("%1 − float").arg(run), static_cast<int>(Source::RunMinusFloat));
    if (!compare.isEmpty()) {
      source_->addItem(compare, static_cast<int>(Source::Compare));
      source_->addItem(tr("%1 − %2").arg(run, compare), static_cast<int>(Source::RunMinusCompare));
    }
    const int index = source_->findData(keep);
    source_->setCurrentIndex(index < 0 ? 1 : index);
  }
  if (!compare.isEmpty()) {  // show what the study was compared with, however it was asked for
    const QSignalBlocker block(compare_);
    const int index = compare_->findText(compare);
    if (index >= 0) compare_->setCurrentIndex(index);
  }
  const auto means = [](const vq::EntropyProfile& p) {
    return tr("q %1, k %2 (of %3 bits), attention %4").arg(p.meanQ, 0, 'f', 3).arg(p.meanK, 0, 'f', 3).arg(p.bits).arg(p.meanAttention, 0, 'f', 3);
  };
  QString text = tr("Mean entropy on %1 images — float (through a per-head min-max quantizer): %2; %3: %4")
                     .arg(study_->images)
                     .arg(means(study_->fp), run.toHtmlEscaped(), means(study_->run));
  if (!compare.isEmpty()) text += tr("; %1: %2").arg(compare.toHtmlEscaped(), means(study_->compare));
  summary_->setText(text + ".");

  {
    const QSignalBlocker blockLayer(layer_), blockHead(head_);
    layer_->clear();
    for (const auto& m : study_->fpMaps) layer_->addItem(QString::fromStdString(m.layer));
    layer_->setCurrentIndex(layer_->count() - 1);  // the last layer: the attention that feeds the classifier
    head_->clear();
    head_->addItem(tr("mean of the heads"), -1);
    const auto heads = study_->fpMaps.empty() ? 0 : study_->fpMaps.front().perHead.size(0);
    for (int64_t h = 0; h < heads; ++h) head_->addItem(tr("head %1").arg(h), static_cast<int>(h));
  }
  fpCaption_->setText(tr("float — %1").arg(QString::fromStdString(study_->imageName)));
  runCaption_->setText(run);
  redrawHeatMap();
  redrawMaps();
}

void EntropyView::showEntropy(Quantity quantity, Source source) {
  quantity_->setCurrentIndex(quantity_->findData(static_cast<int>(quantity)));
  const int index = source_->findData(static_cast<int>(source));
  if (index >= 0) source_->setCurrentIndex(index);
  redrawHeatMap();
}

void EntropyView::selectMap(const QString& layer, int head) {
  layer_->setCurrentText(layer);
  head_->setCurrentIndex(std::max(0, head_->findData(head)));
  redrawMaps();
}

QImage EntropyView::overlay(int which) const { return overlays_[which == 0 ? 0 : 1]; }

const vq::EntropyProfile* EntropyView::profile(Source source) const {
  switch (source) {
    case Source::Float: return &study_->fp;
    case Source::Run: case Source::RunMinusFloat: case Source::RunMinusCompare: return &study_->run;
    case Source::Compare: return &study_->compare;
  }
  return nullptr;
}

void EntropyView::redrawHeatMap() {
  if (!study_) return;
  const auto quantity = static_cast<Quantity>(quantity_->currentData().toInt());
  const auto source = static_cast<Source>(source_->currentData().toInt());
  const vq::EntropyProfile* minus = source == Source::RunMinusFloat ? &study_->fp : source == Source::RunMinusCompare ? &study_->compare : nullptr;
  const auto& shown = *profile(source);
  size_t heads = 0;
  for (const auto& l : shown.layers) heads = std::max(heads, valuesOf(l, quantity).size());
  std::vector<std::vector<double>> matrix;
  QStringList layers;
  for (size_t li = 0; li < shown.layers.size(); ++li) {
    const auto& values = valuesOf(shown.layers[li], quantity);
    std::vector<double> row(heads, NAN);
    for (size_t h = 0; h < values.size(); ++h) {
      row[h] = values[h];
      if (minus) {
        const auto* other = li < minus->layers.size() ? &valuesOf(minus->layers[li], quantity) : nullptr;
        row[h] = other && h < other->size() ? values[h] - (*other)[h] : NAN;
      }
    }
    matrix.push_back(std::move(row));
    layers << QString::fromStdString(shown.layers[li].layer);
  }
  QStringList headNames;
  for (size_t h = 0; h < heads; ++h) headNames << QString::number(h);
  heat_->setDiverging(minus != nullptr);
  heat_->setMatrix(matrix, QCPRange(0, std::max<double>(0, static_cast<double>(heads) - 1)), QCPRange(0, std::max(0, static_cast<int>(layers.size()) - 1)));
  heat_->setTickNames(heat_->yAxis, layers);
  heat_->setTickNames(heat_->xAxis, headNames);
  heat_->setLabels(tr("head"), tr("layer"), minus ? tr("entropy difference (bits)") : tr("entropy (bits)"));
  setPlotTitle(heat_, tr("%1 — %2").arg(quantity_->currentText(), source_->currentText()));
  heat_->replot(QCustomPlot::rpQueuedReplot);
}

void EntropyView::redrawMaps() {
  if (!study_ || layer_->currentIndex() < 0) return;
  const int layer = layer_->currentIndex(), head = head_->currentData().toInt();
  const std::vector<vq::AttentionMaps>* sets[2] = {&study_->fpMaps, &study_->runMaps};
  QLabel* labels[2] = {fpMap_, runMap_};
  for (int i = 0; i < 2; ++i) {
    const auto& maps = *sets[i];
    if (layer >= static_cast<int>(maps.size())) {
      labels[i]->setText(tr("no map"));
      overlays_[i] = QImage();
      continue;
    }
    const auto& m = maps[static_cast<size_t>(layer)];
    const auto map = head < 0 || head >= m.perHead.size(0) ? m.mean : m.perHead[head];
    overlays_[i] = overlayImage(study_->picture, map);
    labels[i]->setPixmap(QPixmap::fromImage(overlays_[i]));
  }
}
