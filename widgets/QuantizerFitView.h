#pragma once
// The quantizer-fit tab (I&S-ViT, Fig. 2–3): one post-Softmax site's float values on a log axis with the
// levels of the uniform, log2 and SULQ quantizers laid over them, a bits slider (2–8) that redraws at
// once (every width is computed up front), and, against bits, each quantizer's error and the share of
// values that end on its floor level — where log2 piles up the many tiny attention probabilities.
#include <QWidget>

#include <memory>

namespace vq {
struct QuantizerFit;
}
class GuidePanel;
class QComboBox;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSlider;

class QuantizerFitView : public QWidget {
  Q_OBJECT
public:
  explicit QuantizerFitView(QWidget* parent = nullptr);

  // The post-Softmax sites the chooser offers.
  void setSites(const QStringList& sites);
  QStringList sites() const;
  void setFit(std::shared_ptr<const vq::QuantizerFit> fit);
  void clear();
  std::shared_ptr<const vq::QuantizerFit> fit() const { return fit_; }
  QString site() const;
  void setSite(const QString& site);
  int bits() const;
  void setBits(int bits);
  // Level markers drawn for "uniform", "log2" or "sulq" at the current width (levels ≤ 0 sit off the log axis).
  int levelMarkers(const QString& quantizer) const;
  QString summary() const;
  QCustomPlot* plot() const { return histogram_; }
  QCustomPlot* errorPlot() const { return error_; }
  QCustomPlot* floorPlot() const { return floor_; }
  GuidePanel* guide() const { return guide_; }

Q_SIGNALS:
  void fitRequested(const QString& site);
  void exampleRequested();

private:
  void redraw();

  GuidePanel* guide_;
  QComboBox* sites_;
  QPushButton* run_;
  QSlider* bits_;
  QLabel* bitsLabel_;
  QLabel* summary_;
  QCustomPlot* histogram_;
  QCustomPlot* error_;
  QCustomPlot* floor_;
  QCPGraph* values_;
  std::vector<QCPGraph*> levels_, errorCurves_, floorCurves_;
  std::vector<QCPGraph*> bitMarks_;
  std::shared_ptr<const vq::QuantizerFit> fit_;
};
