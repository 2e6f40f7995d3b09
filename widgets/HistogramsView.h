#pragma once
// The histograms tab: a tree of the model's sites on the left; for the chosen site its float histogram
// with the quantizer's levels and kept range, and, for sites with channels, each channel's range.
#include <QWidget>

#include <memory>
#include <vector>

namespace vq {
struct SiteHistogram;
}
class ChannelRangePlot;
class HistogramPlot;
class QCheckBox;
class QLabel;
class QTreeWidget;

class HistogramsView : public QWidget {
  Q_OBJECT
public:
  explicit HistogramsView(QWidget* parent = nullptr);

  void setHistograms(std::shared_ptr<const std::vector<vq::SiteHistogram>> histograms);
  void clear();
  // Shows `site` if it has a histogram; returns whether it does.
  bool selectSite(const QString& site);
  QString currentSite() const { return current_; }
  int siteCount() const;
  HistogramPlot* histogramPlot() const { return histogram_; }
  ChannelRangePlot* channelPlot() const { return channels_; }

Q_SIGNALS:
  void siteSelected(const QString& site);

private:
  void showSite(size_t index);

  QTreeWidget* tree_;
  HistogramPlot* histogram_;
  ChannelRangePlot* channels_;
  QCheckBox* logScale_;
  QLabel* info_;
  std::shared_ptr<const std::vector<vq::SiteHistogram>> data_;
  QString current_;
};
