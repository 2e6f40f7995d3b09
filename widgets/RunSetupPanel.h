#pragma once
// The left panel: which model, which data, which method at which bit widths with which options, and
// the Run button. It holds no engine objects; the window fills its lists and reads a RunSettings.
#include "core/methods/method_options.h"

#include <QWidget>

#include <map>
#include <string>

class MethodOptionsPanel;
class QCheckBox;
class QComboBox;
class QPushButton;
class QSpinBox;

struct RunSettings {
  QString model, data, method;
  int wbits = 4, abits = 4;
  int calib = 256, evalLimit = 1000, seed = 0;
  bool analyseSensitivity = true;
  std::map<std::string, std::string> options;  // only those changed from the method's defaults
};

class RunSetupPanel : public QWidget {
  Q_OBJECT
public:
  explicit RunSetupPanel(QWidget* parent = nullptr);

  void setModels(const QStringList& builtins, const QStringList& recent);
  void setCurrentModel(const QString& spec);
  QString modelText() const;
  void setMethods(const QStringList& names, const QStringList& summaries);
  void setOptionSpecs(const std::vector<vq::OptionSpec>& specs);
  MethodOptionsPanel* optionsPanel() const { return options_; }
  RunSettings settings() const;
  void applySettings(const RunSettings& s);  // e.g. the last session's, or for tests
  void setRunEnabled(bool enabled);

Q_SIGNALS:
  void loadRequested(const QString& spec);
  void openFolderRequested();
  void methodOrBitsChanged();
  void runRequested();

private:
  QComboBox* model_;
  QComboBox* data_;
  QComboBox* method_;
  QSpinBox* wbits_;
  QSpinBox* abits_;
  QSpinBox* calib_;
  QSpinBox* evalLimit_;
  QSpinBox* seed_;
  QCheckBox* sensitivity_;
  MethodOptionsPanel* options_;
  QPushButton* run_;
};
