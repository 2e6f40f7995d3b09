#pragma once
// One site's float histogram as bars, with the quantizer's levels as thin vertical lines and the kept
// range shaded: what is rounded onto which level, and what is clipped.
#include "widgets/CustomPlot.h"

namespace vq {
struct SiteHistogram;
}

class HistogramPlot : public QCustomPlot {
  Q_OBJECT
public:
  explicit HistogramPlot(QWidget* parent = nullptr);
  void setHistogram(const vq::SiteHistogram& histogram);
  void setLogScale(bool on);
  int levelLineCount() const { return levelLines_; }
  bool hasData() const;

private:
  QCPBars* bars_;
  QCPItemRect* keptRange_;
  std::vector<QCPItemStraightLine*> levels_;
  int levelLines_ = 0;
};
