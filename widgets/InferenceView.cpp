#include "widgets/InferenceView.h"

#include "core/eval/prediction_data.h"
#include "widgets/ChartExport.h"
#include "widgets/PlotStyle.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include "widgets/CustomPlot.h"

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QIcon thumbnail(const vq::ComparedItem& item) {
  if (item.pixels.empty()) return {};
  const auto format = item.channels == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8;
  const QImage image(item.pixels.data(), item.width, item.height, item.width * item.channels, format);
  return QIcon(QPixmap::fromImage(image.copy()));  // copy: the QImage borrows the item's buffer
}

const QList<QColor> kModelColors = {QColor(70, 130, 180), QColor(200, 60, 60), QColor(60, 160, 90), QColor(150, 90, 180)};

}  // namespace

InferenceView::InferenceView(QWidget* parent) : QWidget(parent) {
  setAcceptDrops(true);
  auto* layout = new QVBoxLayout(this);
  auto* buttons = new QHBoxLayout;
  auto* open = new QPushButton(tr("Open images…"), this);
  auto* folder = new QPushButton(tr("Open folder…"), this);
  folder->setToolTip(tr("Every image in a folder; with one sub-folder per class the labels are known"));
  samples_ = new QSpinBox(this);
  samples_->setRange(1, 10000);
  samples_->setValue(32);
  auto* sample = new QPushButton(tr("Test-set samples"), this);
  sample->setToolTip(tr("Random items of the evaluation data set, with their labels"));
  buttons->addWidget(open);
  buttons->addWidget(folder);
  buttons->addStretch(1);
  buttons->addWidget(samples_);
  buttons->addWidget(sample);
  layout->addLayout(buttons);
  summary_ = new QLabel(tr("Drop images here, open some, or pick test-set samples. A quantization run is needed to compare."), this);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(summary_);

  auto* split = new QSplitter(Qt::Vertical, this);
  table_ = new QTableWidget(0, 0, split);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setIconSize(QSize(40, 40));
  table_->verticalHeader()->setDefaultSectionSize(44);
  table_->verticalHeader()->setVisible(false);
  plot_ = new QCustomPlot(split);
  plot_->setObjectName("inference");
  plot_->setMinimumHeight(200);
  plot_->legend->setVisible(true);
  plot_->xAxis->setLabel(tr("probability"));
  applyPalette(plot_);
  chart::addExportMenu(plot_, "inference");
  split->addWidget(table_);
  split->addWidget(plot_);
  layout->addWidget(split, 1);

  connect(open, &QPushButton::clicked, this, &InferenceView::chooseFiles);
  connect(folder, &QPushButton::clicked, this, &InferenceView::chooseFolder);
  connect(sample, &QPushButton::clicked, this, [this] { Q_EMIT samplesRequested(samples_->value()); });
  connect(table_, &QTableWidget::currentCellChanged, this, [this](int row) { showItem(row); });
}

void InferenceView::chooseFiles() {
  QSettings settings;
  const QStringList files = QFileDialog::getOpenFileNames(this, tr("Images to classify"), settings.value("paths/images").toString(),
                                                          tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm)"));
  if (files.isEmpty()) return;
  settings.setValue("paths/images", QFileInfo(files.first()).absolutePath());
  Q_EMIT filesRequested(files);
}

void InferenceView::chooseFolder() {
  QSettings settings;
  const QString dir = QFileDialog::getExistingDirectory(this, tr("A folder of images"), settings.value("paths/images").toString());
  if (dir.isEmpty()) return;
  settings.setValue("paths/images", dir);
  Q_EMIT folderRequested(dir);
}

void InferenceView::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void InferenceView::dropEvent(QDropEvent* event) {
  QStringList files;
  for (const QUrl& url : event->mimeData()->urls())
    if (url.isLocalFile()) files << url.toLocalFile();
  if (files.size() == 1 && QFileInfo(files.first()).isDir())
    Q_EMIT folderRequested(files.first());
  else if (!files.isEmpty())
    Q_EMIT filesRequested(files);
  event->acceptProposedAction();
}

void InferenceView::clear() {
  data_.reset();
  table_->setRowCount(0);
  plot_->clearPlottables();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

int InferenceView::rowCount() const { return table_->rowCount(); }
QString InferenceView::summaryText() const { return summary_->text(); }

double InferenceView::agreement() const {
  if (!data_ || data_->items.empty()) return 0;
  int agree = 0;
  for (const auto& item : data_->items) {
    bool same = true;
    for (const auto& a : item.answers) same = same && !a.empty() && a.front().index == item.answers.front().front().index;
    agree += same;
  }
  return static_cast<double>(agree) / static_cast<double>(data_->items.size());
}

void InferenceView::setComparison(std::shared_ptr<const vq::PredictionComparison> comparison) {
  data_ = std::move(comparison);
  const auto& c = *data_;
  const bool labelled = !c.items.empty() && c.items.front().label >= 0;
  QStringList headers = {tr("Image"), tr("True label")};
  for (const auto& m : c.models) headers << tr("%1 top-1").arg(q(m));
  headers << tr("Agree");
  table_->clear();
  table_->setColumnCount(headers.size());
  table_->setHorizontalHeaderLabels(headers);
  table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  table_->setRowCount(static_cast<int>(c.items.size()));
  std::vector<int> correct(c.models.size(), 0);
  int onlyFirst = 0, onlySecond = 0;
  for (int r = 0; r < table_->rowCount(); ++r) {
    const auto& item = c.items[static_cast<size_t>(r)];
    auto* name = new QTableWidgetItem(thumbnail(item), QFileInfo(q(item.name)).fileName().isEmpty() ? q(item.name) : QFileInfo(q(item.name)).fileName());
    name->setToolTip(q(item.name));
    table_->setItem(r, 0, name);
    table_->setItem(r, 1, new QTableWidgetItem(item.label >= 0 ? q(item.labelName) : tr("—")));
    bool same = true;
    for (size_t m = 0; m < item.answers.size(); ++m) {
      const auto& top = item.answers[m].front();
      auto* cell = new QTableWidgetItem(QString("%1  (%2 %)").arg(q(top.label)).arg(100 * top.probability, 0, 'f', 1));
      if (item.label >= 0) {
        const bool right = top.index == item.label;
        correct[m] += right;
        cell->setForeground(right ? QColor(40, 140, 60) : QColor(190, 40, 40));
      }
      table_->setItem(r, 2 + static_cast<int>(m), cell);
      same = same && top.index == item.answers.front().front().index;
    }
    if (labelled && item.answers.size() >= 2) {
      const bool a = item.answers[0].front().index == item.label, b = item.answers[1].front().index == item.label;
      onlyFirst += a && !b;
      onlySecond += b && !a;
    }
    auto* agree = new QTableWidgetItem(same ? QString::fromUtf8("✓") : QString::fromUtf8("✗"));
    agree->setTextAlignment(Qt::AlignCenter);
    table_->setItem(r, table_->columnCount() - 1, agree);
  }
  const int n = table_->rowCount();
  QStringList parts;
  parts << tr("%n image(s); top-1 agreement %1 %", nullptr, n).arg(100 * agreement(), 0, 'f', 1);
  for (size_t m = 0; m < c.models.size(); ++m) {
    QString text = tr("%1: %2 ms/image").arg(q(c.models[m])).arg(c.msPerImage[m], 0, 'f', 1);
    if (labelled) text += tr(", %1 % right").arg(100.0 * correct[m] / std::max(1, n), 0, 'f', 1);
    parts << text;
  }
  if (labelled && c.models.size() >= 2)
    parts << tr("only %1 right: %2, only %3 right: %4").arg(q(c.models[0])).arg(onlyFirst).arg(q(c.models[1])).arg(onlySecond);
  summary_->setText(parts.join(" · "));
  if (n > 0) table_->selectRow(0);
  showItem(n > 0 ? 0 : -1);
}

void InferenceView::showItem(int row) {
  plot_->clearPlottables();
  if (!data_ || row < 0 || row >= static_cast<int>(data_->items.size())) {
    plot_->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const auto& item = data_->items[static_cast<size_t>(row)];
  // Classes: the union of every model's top-k, in the first model's order, one row each.
  QStringList classes;
  for (const auto& answer : item.answers)
    for (const auto& s : answer)
      if (!classes.contains(q(s.label))) classes << q(s.label);
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (int i = 0; i < classes.size(); ++i) ticker->addTick(i, classes[i]);
  plot_->yAxis->setTicker(ticker);
  const size_t models = item.answers.size();
  const double width = 0.8 / static_cast<double>(std::max<size_t>(models, 1));
  for (size_t m = 0; m < models; ++m) {
    auto* bars = new QCPBars(plot_->yAxis, plot_->xAxis);
    bars->setName(q(data_->models[m]));
    bars->setWidth(width);
    bars->setPen(Qt::NoPen);
    bars->setBrush(kModelColors[static_cast<int>(m) % kModelColors.size()]);
    QVector<double> keys, values;
    for (const auto& s : item.answers[m]) {
      keys << classes.indexOf(q(s.label)) - 0.4 + width * (static_cast<double>(m) + 0.5);
      values << s.probability;
    }
    bars->setData(keys, values);
  }
  plot_->yAxis->setRange(-0.6, classes.size() - 0.4);
  plot_->yAxis->setRangeReversed(true);
  plot_->xAxis->setRange(0, 1);
  setPlotTitle(plot_, QFileInfo(q(item.name)).fileName() + (item.label >= 0 ? tr(" — true: %1").arg(q(item.labelName)) : QString()));
  plot_->replot(QCustomPlot::rpQueuedReplot);
}
