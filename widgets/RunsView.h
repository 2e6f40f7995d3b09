#pragma once
// Every run of the session in one table (model, method, bits, top-1, change against float, time).
// Selecting two rows compares them side by side: every scalar of their JSON summaries, differences
// highlighted. Fed plain data: the `vitquant quantize --json` object of each run.
#include <QJsonObject>
#include <QWidget>

class QTableWidget;
class QLabel;

class RunsView : public QWidget {
  Q_OBJECT
public:
  explicit RunsView(QWidget* parent = nullptr);

  // Appends a run; `id` is the caller's handle, given back by currentRunChanged.
  void addRun(int id, const QJsonObject& summary);
  void clear();
  int runCount() const;
  void selectRuns(const QList<int>& rows);
  int comparedKeyCount() const;  // rows of the comparison table (0 unless two runs are selected)
  QJsonObject summary(int row) const { return summaries_.value(row); }

Q_SIGNALS:
  void currentRunChanged(int id);

private:
  void updateComparison();

  QTableWidget* runs_;
  QTableWidget* compare_;
  QLabel* hint_;
  QList<QJsonObject> summaries_;
  QList<int> ids_;
};
