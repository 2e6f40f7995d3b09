#include "widgets/ModelStructureView.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

#include <functional>

namespace {

QString shapeText(const QJsonArray& shape) {
  QStringList dims;
  for (const auto& d : shape) dims << QString::number(d.toInteger());
  return "[" + dims.join(", ") + "]";
}

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

void ModelStructureView::setModelDescription(const QJsonObject& d) {
  tree_->clear();
  modules_ = 0;
  const QLocale locale;
  summary_->setText(tr("<b>%1</b> — %2 (%3), %4 parameters, %5 classes, input %6")
                        .arg(d["model"].toString().toHtmlEscaped(), d["architecture"].toString(), d["family"].toString(),
                             locale.toString(d["parameters"].toInteger()), QString::number(d["num_classes"].toInteger()),
                             shapeText(d["input_size"].toArray())));

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
  for (const auto& m : d["modules"].toArray()) {
    const auto obj = m.toObject();
    QStringList params;
    const auto p = obj["parameters"].toObject();
    for (auto it = p.begin(); it != p.end(); ++it) params << it.key() + " " + shapeText(it.value().toArray());
    node(obj["path"].toString())->setText(1, params.join(", "));
  }
  for (const auto& s : d["sites"].toArray()) {
    auto* item = node(s.toString());
    item->setText(1, tr("quantizable site"));
    item->setData(0, Qt::UserRole, s.toString());
    item->setForeground(1, palette().brush(QPalette::PlaceholderText));
  }
  modules_ = static_cast<int>(d["modules"].toArray().size());
  tree_->expandToDepth(0);
}

int ModelStructureView::moduleCount() const { return modules_; }

int ModelStructureView::siteCount() const {
  int n = 0;
  for (QTreeWidgetItemIterator it(tree_); *it; ++it)
    if ((*it)->data(0, Qt::UserRole).isValid()) ++n;
  return n;
}
