#include "widgets/HistogramsView.h"

#include "core/analysis/histogram_data.h"
#include "widgets/ChannelRangePlot.h"
#include "widgets/ChartExport.h"
#include "widgets/HistogramPlot.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

constexpr int kIndexRole = Qt::UserRole;

// "blocks.3.attn.softmax.output" → "blocks.3": sites hang under the block (or top-level module) they belong to.
QString groupOf(const QString& site) {
  const QStringList parts = site.split('.');
  if (parts.size() > 2 && !parts[1].isEmpty() && parts[1][0].isDigit()) return parts[0] + "." + parts[1];
  return parts.first();
}

// Share of the histogram's values outside the quantizer's kept range.
double clippedShare(const vq::SiteHistogram& h) {
  int64_t total = 0, clipped = 0;
  for (size_t i = 0; i < h.counts.size() && i + 1 < h.edges.size(); ++i) {
    total += h.counts[i];
    const double center = 0.5 * (h.edges[i] + h.edges[i + 1]);
    if (center < h.clipLow || center > h.clipHigh) clipped += h.counts[i];
  }
  return total ? static_cast<double>(clipped) / static_cast<double>(total) : 0.0;
}

}  // namespace

HistogramsView::HistogramsView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  auto* split = new QSplitter(this);
  tree_ = new QTreeWidget(split);
  tree_->setHeaderLabels({tr("Site"), tr("Quantizer")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  auto* right = new QWidget(split);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);
  logScale_ = new QCheckBox(tr("Logarithmic counts"), right);
  logScale_->setToolTip(tr("Show rare values (outliers, the tail of post-Softmax values) next to the bulk"));
  info_ = new QLabel(tr("Run a quantization to see its sites."), right);
  info_->setWordWrap(true);
  info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  histogram_ = new HistogramPlot(right);
  channels_ = new ChannelRangePlot(right);
  histogram_->setMinimumHeight(220);
  channels_->setMinimumHeight(160);
  chart::addExportMenu(histogram_, "histogram");
  chart::addExportMenu(channels_, "channel_ranges");
  rightLayout->addWidget(logScale_);
  rightLayout->addWidget(info_);
  rightLayout->addWidget(histogram_, 3);
  rightLayout->addWidget(channels_, 2);
  split->addWidget(tree_);
  split->addWidget(right);
  split->setStretchFactor(1, 1);
  layout->addWidget(split);
  connect(logScale_, &QCheckBox::toggled, histogram_, &HistogramPlot::setLogScale);
  connect(tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (!item || !item->data(0, kIndexRole).isValid()) return;
    showSite(item->data(0, kIndexRole).toULongLong());
    Q_EMIT siteSelected(current_);
  });
}

void HistogramsView::clear() {
  tree_->clear();
  data_.reset();
  current_.clear();
  info_->setText(tr("Run a quantization to see its sites."));
}

int HistogramsView::siteCount() const { return data_ ? static_cast<int>(data_->size()) : 0; }

void HistogramsView::setHistograms(std::shared_ptr<const std::vector<vq::SiteHistogram>> histograms) {
  const QString keep = current_;
  tree_->clear();
  data_ = std::move(histograms);
  QMap<QString, QTreeWidgetItem*> groups;
  for (size_t i = 0; i < data_->size(); ++i) {
    const auto& h = (*data_)[i];
    const QString site = QString::fromStdString(h.site);
    QTreeWidgetItem*& group = groups[groupOf(site)];
    if (!group) group = new QTreeWidgetItem(tree_, {groupOf(site)});
    const QString local = site.mid(groupOf(site).size() + 1);
    auto* item = new QTreeWidgetItem(group, {local.isEmpty() ? site : local, h.quantizer.empty() ? tr("float") : QString::fromStdString(h.quantizer)});
    item->setData(0, kIndexRole, static_cast<qulonglong>(i));
    item->setToolTip(0, site);
  }
  if (!selectSite(keep) && !data_->empty()) selectSite(QString::fromStdString(data_->front().site));
}

bool HistogramsView::selectSite(const QString& site) {
  if (!data_) return false;
  for (QTreeWidgetItemIterator it(tree_); *it; ++it) {
    const QVariant index = (*it)->data(0, kIndexRole);
    if (index.isValid() && QString::fromStdString((*data_)[index.toULongLong()].site) == site) {
      const QSignalBlocker quiet(tree_);  // a programmatic choice is not the user's: no siteSelected echo
      tree_->setCurrentItem(*it);
      tree_->scrollToItem(*it);
      showSite(index.toULongLong());
      return true;
    }
  }
  return false;
}

void HistogramsView::showSite(size_t index) {
  const auto& h = (*data_)[index];
  current_ = QString::fromStdString(h.site);
  histogram_->setHistogram(h);
  channels_->setRanges(current_, h.channelMin, h.channelMax);
  QString text = tr("<b>%1</b> (%2): min %3, max %4, %5 values sampled")
                     .arg(current_.toHtmlEscaped(), QString::fromStdString(h.kind))
                     .arg(h.min, 0, 'g', 4)
                     .arg(h.max, 0, 'g', 4)
                     .arg(h.sampled);
  if (!h.quantizer.empty())
    text += tr("<br>%1: %2 levels, keeps [%3, %4], clips %5 % of the sample")
                .arg(QString::fromStdString(h.quantizer).toHtmlEscaped())
                .arg(h.levels.size())
                .arg(h.clipLow, 0, 'g', 4)
                .arg(h.clipHigh, 0, 'g', 4)
                .arg(100 * clippedShare(h), 0, 'f', 2);
  else
    text += tr("<br>This site stays float.");
  info_->setText(text);
}
