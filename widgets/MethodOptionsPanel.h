#pragma once
// The generic editor for a method's options: one row per option the method describes in core
// (vq::OptionSpec), an editor fitting its type, the help as tooltip. Only options the user changed
// from their defaults are handed to the run, so a run's JSON shows the method's own defaults.
#include "core/methods/method_options.h"

#include <QWidget>

#include <map>
#include <string>
#include <vector>

class QFormLayout;

class MethodOptionsPanel : public QWidget {
  Q_OBJECT
public:
  explicit MethodOptionsPanel(QWidget* parent = nullptr);

  // Rebuilds the editors; values the user had changed for keys still present are kept.
  void setSpecs(const std::vector<vq::OptionSpec>& specs);
  // KEY → VALUE for every option that differs from its default.
  std::map<std::string, std::string> changedValues() const;
  // Sets one option's editor from text as `--set` spells it; false when the key or value does not fit.
  bool setValue(const QString& key, const QString& value);
  int optionCount() const { return static_cast<int>(specs_.size()); }
  void resetToDefaults();

Q_SIGNALS:
  void changed();

private:
  QString editorText(size_t index) const;
  QWidget* makeEditor(const vq::OptionSpec& spec);

  QFormLayout* form_;
  std::vector<vq::OptionSpec> specs_;
  std::vector<QWidget*> editors_;
};
