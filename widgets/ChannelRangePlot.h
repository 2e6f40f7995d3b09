#pragma once
// The range of every channel of one site as a whisker (min to max) around its midpoint: post-LayerNorm
// activations show a few channels far wider than the rest, which is why one step per tensor fails.
#include "widgets/CustomPlot.h"

#include <vector>

class ChannelRangePlot : public QCustomPlot {
  Q_OBJECT
public:
  explicit ChannelRangePlot(QWidget* parent = nullptr);
  // Empty vectors clear the plot.
  void setRanges(const QString& site, const std::vector<double>& channelMin, const std::vector<double>& channelMax);
  int channelCount() const { return channels_; }

private:
  QCPGraph* mid_;
  QCPErrorBars* whiskers_;
  int channels_ = 0;
};
