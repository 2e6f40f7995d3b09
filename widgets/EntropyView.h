#pragma once
// The attention-entropy tab (Q-ViT, Fig. 1): a layer × head heat map of the entropy of the quantized query
// and key codes, or of the attention rows, for the float model, the current run, a run to compare with
// (e.g. Q-ViT without IRM) and their differences; beside it, one image with the class token's attention
// laid over it, per head or averaged, under the float model and under the run.
#include <QImage>
#include <QMetaType>
#include <QWidget>

#include <memory>

namespace vq {
struct EntropyStudy;
struct EntropyProfile;
}
class GuidePanel;
class HeatMapPlot;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

struct EntropyRequest {
  int images = 64;      // measured on the first images of the run's data
  int sample = 0;       // the image of the maps: this test item …
  QString file;         // … or this file
  int compareRun = 0;   // 0: none, else a session run's number
};

class EntropyView : public QWidget {
  Q_OBJECT
public:
  enum class Quantity { QueryCodes, KeyCodes, AttentionRows };
  enum class Source { Float, Run, RunMinusFloat, Compare, RunMinusCompare };

  explicit EntropyView(QWidget* parent = nullptr);

  // The session's runs that can be compared with (number and label).
  void setCompareRuns(const QList<QPair<int, QString>>& runs);
  void setStudy(std::shared_ptr<const vq::EntropyStudy> study);
  void clear();
  std::shared_ptr<const vq::EntropyStudy> study() const { return study_; }
  EntropyRequest request() const;
  void showEntropy(Quantity quantity, Source source);
  // The map drawn for the float model (0) or the run (1): the picture with the attention laid over it.
  QImage overlay(int which) const;
  void selectMap(const QString& layer, int head);  // head −1: the mean over heads
  HeatMapPlot* plot() const { return heat_; }
  GuidePanel* guide() const { return guide_; }
  QString summary() const;

Q_SIGNALS:
  void entropyRequested(const EntropyRequest& request);
  void exampleRequested();

private:
  void redrawHeatMap();
  void redrawMaps();
  const vq::EntropyProfile* profile(Source source) const;

  GuidePanel* guide_;
  QSpinBox* images_;
  QSpinBox* sample_;
  QPushButton* chooseFile_;
  QString file_;
  QComboBox* compare_;
  QPushButton* run_;
  QLabel* summary_;
  QComboBox* quantity_;
  QComboBox* source_;
  HeatMapPlot* heat_;
  QComboBox* layer_;
  QComboBox* head_;
  QLabel* fpMap_;
  QLabel* runMap_;
  QLabel* fpCaption_;
  QLabel* runCaption_;
  QImage overlays_[2];
  std::shared_ptr<const vq::EntropyStudy> study_;
};

Q_DECLARE_METATYPE(EntropyRequest)
