#pragma once
// The inference tab: images (dropped, opened, a folder, or test-set samples) answered by the float model
// and the quantized one(s) side by side — top-5 with probabilities, whether they agree, time per image,
// and for labelled batches a summary of who is right where the other is wrong.
#include <QWidget>

#include <memory>

namespace vq {
struct PredictionComparison;
}
class QCustomPlot;
class QLabel;
class QSpinBox;
class QTableWidget;

class InferenceView : public QWidget {
  Q_OBJECT
public:
  explicit InferenceView(QWidget* parent = nullptr);

  void setComparison(std::shared_ptr<const vq::PredictionComparison> comparison);
  void clear();
  int rowCount() const;
  double agreement() const;  // share of items whose top-1 is the same for every model
  QCustomPlot* plot() const { return plot_; }
  QString summaryText() const;

Q_SIGNALS:
  void filesRequested(const QStringList& files);
  void folderRequested(const QString& folder);
  void samplesRequested(int count);

protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

private:
  void showItem(int row);
  void chooseFiles();
  void chooseFolder();

  QLabel* summary_;
  QSpinBox* samples_;
  QTableWidget* table_;
  QCustomPlot* plot_;
  std::shared_ptr<const vq::PredictionComparison> data_;
};
