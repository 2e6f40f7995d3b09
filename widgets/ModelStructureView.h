#pragma once
// A tree of a model's modules (with parameter shapes) and, under each, its quantizable sites.
// Fed plain data: core's outline of the model.
#include <QWidget>

namespace vq {
struct ModelOutline;
}

class QTreeWidget;
class QLabel;

class ModelStructureView : public QWidget {
  Q_OBJECT
public:
  explicit ModelStructureView(QWidget* parent = nullptr);
  void setModel(const vq::ModelOutline& outline);
  void clear();
  int moduleCount() const;
  int siteCount() const;

Q_SIGNALS:
  void siteSelected(const QString& siteName);

private:
  QLabel* summary_;
  QTreeWidget* tree_;
  int modules_ = 0;
};
