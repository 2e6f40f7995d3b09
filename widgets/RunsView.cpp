#include "widgets/RunsView.h"

#include "core/run/run_summary.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

enum Column { Model, Method, Bits, Top1, Delta, Seconds, ColumnCount };

// Every scalar of a summary as "a.b.c" → text; lists by their length.
QMap<QString, QString> entries(const vq::RunSummary& summary) {
  QMap<QString, QString> out;
  for (const auto& e : vq::summaryEntries(summary))
    out[QString::fromStdString(e.key)] =
        e.listLength >= 0 ? QObject::tr("%n item(s)", nullptr, static_cast<int>(e.listLength)) : QString::fromStdString(e.text);
  return out;
}

QTableWidgetItem* numberItem(double value, const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setData(Qt::UserRole, value);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

RunsView::RunsView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* split = new QSplitter(Qt::Vertical, this);
  runs_ = new QTableWidget(0, ColumnCount, split);
  runs_->setHorizontalHeaderLabels({tr("Model"), tr("Method"), tr("W/A bits"), tr("Top-1"), tr("Δ vs FP"), tr("Time")});
  runs_->setSelectionBehavior(QAbstractItemView::SelectRows);
  runs_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  runs_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  runs_->horizontalHeader()->setSectionResizeMode(Model, QHeaderView::Stretch);
  runs_->verticalHeader()->setVisible(false);
  hint_ = new QLabel(tr("Select two runs to compare them."), split);
  auto* lower = new QWidget(split);
  auto* lowerLayout = new QVBoxLayout(lower);
  lowerLayout->setContentsMargins(0, 0, 0, 0);
  compare_ = new QTableWidget(0, 3, lower);
  compare_->setHorizontalHeaderLabels({tr("Setting / result"), tr("Run A"), tr("Run B")});
  compare_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  compare_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  compare_->verticalHeader()->setVisible(false);
  lowerLayout->addWidget(hint_);
  lowerLayout->addWidget(compare_, 1);
  split->addWidget(runs_);
  split->addWidget(lower);
  layout->addWidget(split);
  connect(runs_, &QTableWidget::itemSelectionChanged, this, [this] {
    updateComparison();
    const int row = runs_->currentRow();
    if (row >= 0 && row < ids_.size()) Q_EMIT currentRunChanged(ids_[row]);
  });
}

void RunsView::addRun(int id, std::shared_ptr<const vq::RunSummary> summary) {
  Q_ASSERT(summary);
  const auto& s = *summary;
  const int row = runs_->rowCount();
  runs_->insertRow(row);
  summaries_ << std::move(summary);
  ids_ << id;
  const bool measured = s.accuracy.has_value();
  const double top1 = measured ? s.accuracy->top1 : 0, fp = measured ? s.accuracy->fpTop1 : 0;
  runs_->setItem(row, Model, new QTableWidgetItem(QString::fromStdString(s.model)));
  runs_->setItem(row, Method, new QTableWidgetItem(QString::fromStdString(s.method)));
  runs_->setItem(row, Bits, new QTableWidgetItem(QString("W%1A%2").arg(s.wbits).arg(s.abits)));
  runs_->setItem(row, Top1, numberItem(top1, measured ? QString::number(top1 * 100, 'f', 2) + " %" : "—"));
  runs_->setItem(row, Delta, numberItem(top1 - fp, measured ? QString("%1 pts").arg((top1 - fp) * 100, 0, 'f', 2) : "—"));
  runs_->setItem(row, Seconds, numberItem(s.seconds, QString("%1 s").arg(s.seconds, 0, 'f', 1)));
  runs_->selectRow(row);
}

void RunsView::clear() {
  runs_->setRowCount(0);
  summaries_.clear();
  ids_.clear();
  updateComparison();
}

int RunsView::runCount() const { return runs_->rowCount(); }

void RunsView::selectRuns(const QList<int>& rows) {
  runs_->clearSelection();
  for (int r : rows) runs_->selectionModel()->select(runs_->model()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

int RunsView::comparedKeyCount() const { return compare_->rowCount(); }

void RunsView::updateComparison() {
  QList<int> rows;
  for (const auto& range : runs_->selectedRanges())
    for (int r = range.topRow(); r <= range.bottomRow(); ++r) rows << r;
  compare_->setRowCount(0);
  if (rows.size() != 2) {
    hint_->setText(rows.size() > 2 ? tr("Select exactly two runs to compare them.") : tr("Select two runs to compare them."));
    return;
  }
  std::sort(rows.begin(), rows.end());
  const auto a = entries(*summaries_[rows[0]]), b = entries(*summaries_[rows[1]]);
  QStringList keys = a.keys() + b.keys();
  keys.removeDuplicates();
  keys.sort();
  compare_->setHorizontalHeaderLabels({tr("Setting / result"), tr("Run %1").arg(rows[0] + 1), tr("Run %1").arg(rows[1] + 1)});
  hint_->setText(tr("Run %1 against run %2; differing values are bold.").arg(rows[0] + 1).arg(rows[1] + 1));
  for (const auto& key : keys) {
    const int r = compare_->rowCount();
    compare_->insertRow(r);
    const QString va = a.value(key, "—"), vb = b.value(key, "—");
    compare_->setItem(r, 0, new QTableWidgetItem(key));
    auto* ia = new QTableWidgetItem(va);
    auto* ib = new QTableWidgetItem(vb);
    if (va != vb) {
      QFont bold = ia->font();
      bold.setBold(true);
      ia->setFont(bold);
      ib->setFont(bold);
    }
    compare_->setItem(r, 1, ia);
    compare_->setItem(r, 2, ib);
  }
}
