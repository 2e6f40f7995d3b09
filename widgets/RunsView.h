#pragma once
// Every run of the session in one table (model, method, bits, top-1, change against float, time).
// Selecting two rows compares them side by side: every scalar of their summaries, differences
// highlighted. Fed plain data: each run's summary.
#include <QList>
#include <QWidget>

#include <memory>

namespace vq {
struct RunSummary;
}

class QTableWidget;
class QLabel;

class RunsView : public QWidget {
  Q_OBJECT
public:
  explicit RunsView(QWidget* parent = nullptr);

  // Appends a run; `id` is the caller's handle, given back by currentRunChanged.
  void addRun(int id, std::shared_ptr<const vq::RunSummary> summary);
  void clear();
  int runCount() const;
  void selectRuns(const QList<int>& rows);
  int comparedKeyCount() const;  // rows of the comparison table (0 unless two runs are selected)
  std::shared_ptr<const vq::RunSummary> summary(int row) const { return summaries_.value(row); }

Q_SIGNALS:
  void currentRunChanged(int id);

private:
  void updateComparison();

  QTableWidget* runs_;
  QTableWidget* compare_;
  QLabel* hint_;
  QList<std::shared_ptr<const vq::RunSummary>> summaries_;
  QList<int> ids_;
};
