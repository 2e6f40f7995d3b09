#pragma once
// The loss-landscape tab (I&S-ViT, Fig. 4): the task loss as the steps of one block's post-LayerNorm
// quantizers move away from their calibrated values. Left, 1-D curves for layer-wise and channel-wise
// quantizers side by side; right, a 2-D sweep as a heat map with the calibrated point marked. Sweeps run
// as cancellable jobs of the main window: the view only asks for them.
#include <QMetaType>
#include <QWidget>

#include <memory>

namespace vq {
struct Landscape;
}
class GuidePanel;
class HeatMapPlot;
class QComboBox;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSpinBox;

struct LandscapeRequest {
  int block = 0;
  int bits = 4;
  bool twoD = false;
  bool channelWise = false;  // 2-D only: 1-D sweeps always draw both granularities
};

class LandscapeView : public QWidget {
  Q_OBJECT
public:
  explicit LandscapeView(QWidget* parent = nullptr);

  void setBlocks(const QStringList& blocks);
  void setRequest(const LandscapeRequest& request);
  LandscapeRequest request() const;
  // 1-D sweeps of the same block: layer-wise and channel-wise.
  void setCurves(std::shared_ptr<const vq::Landscape> layerWise, std::shared_ptr<const vq::Landscape> channelWise);
  void setSurface(std::shared_ptr<const vq::Landscape> surface, bool channelWise);
  void clear();
  bool hasCurves() const;
  bool hasSurface() const;
  std::shared_ptr<const vq::Landscape> layerCurve() const { return layer_; }
  std::shared_ptr<const vq::Landscape> channelCurve() const { return channel_; }
  std::shared_ptr<const vq::Landscape> surface() const { return surface_; }
  bool surfaceIsChannelWise() const { return surfaceChannelWise_; }
  QCustomPlot* plot() const { return curves_; }
  HeatMapPlot* heatMap() const { return heat_; }
  GuidePanel* guide() const { return guide_; }

Q_SIGNALS:
  void sweepRequested(const LandscapeRequest& request);
  void exampleRequested();

private:
  void updateSummary();

  GuidePanel* guide_;
  QComboBox* blocks_;
  QSpinBox* bits_;
  QComboBox* kind_;
  QPushButton* run_;
  QLabel* summary_;
  QCustomPlot* curves_;
  QCPGraph* layerGraph_;
  QCPGraph* channelGraph_;
  QCPGraph* fpLine_;
  QCPGraph* calibrated_;
  HeatMapPlot* heat_;
  QCPGraph* heatCentre_;
  std::shared_ptr<const vq::Landscape> layer_, channel_, surface_;
  bool surfaceChannelWise_ = false;
};

Q_DECLARE_METATYPE(LandscapeRequest)
