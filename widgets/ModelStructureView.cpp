#include "widgets/ModelStructureView.h"

#include "core/model/summary.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

#include <functional>

namespace {

QString shapeText(const std::vector<int64_t>& shape) {
  QStringList dims;
  for (const auto d : shape) dims << QString::number(d);
  return "[" + dims.join(", ") + "]";
}

QString text(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

ModelStructureView::ModelStructureView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  summary_ = new QLabel(tr("No model loaded."), this);
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  tree_ = new QTreeWidget(this);
  tree_->setColumnCount(2);
  tree_->setHeaderLabels({tr("Module / site"), tr("Parameters / kind")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  tree_->setAlternatingRowColors(true);
  layout->addWidget(summary_);
  layout->addWidget(tree_, 1);
  connect(tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
    if (item && item->data(0, Qt::UserRole).isValid()) Q_EMIT siteSelected(item->data(0, Qt::UserRole).toString());
  });
}

void ModelStructureView::clear() {
  tree_->clear();
  modules_ = 0;
  summary_->setText(tr("No model loaded."));
}

void ModelStructureView::setModel(const vq::ModelOutline& d) {
  tree_->clear();
  modules_ = 0;
  const QLocale locale;
  summary_->setText(tr("<b>%1</b> — %2 (%3), %4 parameters, %5 classes, input %6")
                        .arg(text(d.model).toHtmlEscaped(), text(d.architecture), text(d.family), locale.toString(static_cast<qlonglong>(d.parameters)),
                             QString::number(d.numClasses), shapeText(d.inputSize)));

  // One tree node per dotted path prefix, so modules nest as in the model and every site
  // ("<module>.<role>") hangs under its module.
  QMap<QString, QTreeWidgetItem*> nodes;
  std::function<QTreeWidgetItem*(const QString&)> node = [&](const QString& path) -> QTreeWidgetItem* {
    if (auto it = nodes.find(path); it != nodes.end()) return it.value();
    const int dot = static_cast<int>(path.lastIndexOf('.'));
    QTreeWidgetItem* item = dot < 0 ? new QTreeWidgetItem(tree_, {path}) : new QTreeWidgetItem(node(path.left(dot)), {path.mid(dot + 1)});
    nodes.insert(path, item);
    return item;
  };
  for (const auto& m : d.modules) {
    QStringList params;
    for (const auto& [name, shape] : m.parameters) params << text(name) + " " + shapeText(shape);
    node(text(m.path))->setText(1, params.join(", "));
  }
  for (const auto& s : d.sites) {
    auto* item = node(text(s));
    item->setText(1, tr("quantizable site"));
    item->setData(0, Qt::UserRole, text(s));
    item->setForeground(1, palette().brush(QPalette::PlaceholderText));
  }
  modules_ = static_cast<int>(d.modules.size());
  tree_->expandToDepth(0);
}

int ModelStructureView::moduleCount() const { return modules_; }

int ModelStructureView::siteCount() const {
  int n = 0;
  for (QTreeWidgetItemIterator it(tree_); *it; ++it)
    if ((*it)->data(0, Qt::UserRole).isValid()) ++n;
  return n;
}
