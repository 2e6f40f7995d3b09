#pragma once
#include <QMainWindow>

class QComboBox;
class QPlainTextEdit;
class ModelStructureView;

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
  void openModel(const QString& spec);
  ModelStructureView* structureView() const { return structure_; }
  bool isLoading() const { return loading_; }

Q_SIGNALS:
  void modelLoaded(const QString& spec);
  void modelFailed(const QString& error);

protected:
  void closeEvent(QCloseEvent* event) override;

private:
  void buildMenus();
  void chooseFolder();
  void log(const QString& line);

  QComboBox* modelCombo_;
  ModelStructureView* structure_;
  QPlainTextEdit* log_;
  bool loading_ = false;
};
